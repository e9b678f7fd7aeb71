using Grok2Api.Configuration;
using Grok2Api.Proxy.Diagnostics;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// Keeps the two cache directories within <c>cache.limit_mb</c> when <c>cache.enable_auto_clean</c> is
/// on: above the limit it deletes the least recently used files (the later of last write and last access,
/// which a cache hit sets) until the total is at most 80 % of it. Files written or linked within the
/// last <see cref="FreshAge"/> are spared (their links were
/// just handed to clients, and another download may be about to link its own), as is the file just
/// stored. One trim runs at a time; files being written (temp names) are never touched, except temp
/// files left behind by a crash, which are removed once they are clearly stale. Thread-safe.
/// </summary>
internal sealed partial class MediaCacheTrimmer(
    MediaDirectories directories,
    IOptionsMonitor<CacheSection> cacheOptions,
    IOptionsMonitor<AssetSection> asset,
    TimeProvider time,
    ILogger<MediaCacheTrimmer> logger) : IDisposable
{
    /// <summary>The share of the limit a trim goes down to.</summary>
    public const double TargetRatio = 0.8;

    /// <summary>How long a file just written or linked is protected from trimming.</summary>
    public static readonly TimeSpan FreshAge = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Trims if the cache is over its limit; <paramref name="keep"/> (the file just stored) is never deleted.</summary>
    public async Task TrimAsync(string? keep, CancellationToken cancellationToken)
    {
        var cache = cacheOptions.CurrentValue;
        if (!cache.EnableAutoClean)
        {
            return;
        }

        if (!await _running.WaitAsync(LockWait, cancellationToken))
        {
            return;
        }

        try
        {
            TrimOnce((long)cache.LimitMb * 1024 * 1024, keep);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.TrimFailed(logger, e);
        }
        finally
        {
            _running.Release();
        }
    }

    public void Dispose() => _running.Dispose();

    private void TrimOnce(long limit, string? keep)
    {
        var files = new List<(FileInfo File, long Length)>();
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - MaxTempAge();
        var freshAfter = now - FreshAge;
        foreach (var directory in new[] { directories.Image, directories.Video })
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                if (!file.Name.StartsWith('.'))
                {
                    files.Add((file, file.Length));
                }
                else if (file.Name.StartsWith(MediaDirectories.TempPrefix, StringComparison.Ordinal) && file.LastWriteTimeUtc < staleBefore)
                {
                    TryDelete(file);
                    Log.StaleTempRemoved(logger, file.Name);
                }
            }
        }

        var total = files.Sum(f => f.Length);
        if (total <= limit)
        {
            return;
        }

        var target = (long)(limit * TargetRatio);
        var before = total;
        var deleted = 0;
        foreach (var (file, length) in files.OrderBy(f => LastUsed(f.File)))
        {
            if (total <= target)
            {
                break;
            }

            if (string.Equals(file.FullName, keep, StringComparison.Ordinal) || LastUsed(file) > freshAfter || !TryDelete(file))
            {
                continue;
            }

            total -= length;
            deleted++;
        }

        Log.Trimmed(logger, deleted, before / 1048576.0, total / 1048576.0, limit / 1048576.0);
    }

    private static DateTime LastUsed(FileInfo file) =>
        file.LastAccessTimeUtc > file.LastWriteTimeUtc ? file.LastAccessTimeUtc : file.LastWriteTimeUtc;

    private TimeSpan MaxTempAge()
    {
        // A temp file is only being written while its download may still run.
        var download = TimeSpan.FromSeconds(Math.Min(asset.CurrentValue.DownloadTimeout, TimeSpan.FromDays(1).TotalSeconds));
        return download * 2 > StaleTempAge ? download * 2 : StaleTempAge;
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.Trimmed, Level = LogLevel.Information,
            Message = "Media cache trimmed: {Deleted} oldest files deleted, {BeforeMb:0.#} MB -> {AfterMb:0.#} MB (limit {LimitMb:0.#} MB)")]
        public static partial void Trimmed(ILogger logger, int deleted, double beforeMb, double afterMb, double limitMb);

        [LoggerMessage(EventId = EventIds.TrimFailed, Level = LogLevel.Warning, Message = "Media cache trim failed")]
        public static partial void TrimFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.StaleTempRemoved, Level = LogLevel.Information,
            Message = "Removed the stale partial download {Name} from the media cache")]
        public static partial void StaleTempRemoved(ILogger logger, string name);
    }
}
