namespace Grok2Api.Proxy.Media;

/// <summary>
/// Keeps the two cache directories within <c>cache.limit_mb</c> when <c>cache.enable_auto_clean</c> is
/// on. Every file below them counts, however it was written (hidden names, nested folders, files the
/// original project left, downloads in progress). Above the limit it deletes the least recently used
/// files (the later of last write and last access, which a cache hit sets) until the total is at most
/// 80 % of it, sparing files written or linked within the last <see cref="FreshAge"/> (their links were
/// just handed to clients); if only such files remain and the total is still above the limit, the
/// oldest of them go too, down to the limit, with a warning. The file just stored is never deleted, and
/// neither is a file being written (temp names), except temp files left behind by a crash, once they
/// are clearly stale. One trim runs at a time. Thread-safe.
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

    /// <summary>Every file below a cache directory: nested, hidden and system ones too; symbolic links are not followed.</summary>
    private static readonly EnumerationOptions EveryFile = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    private static readonly TimeSpan FreshWarningInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _running = new(1, 1);

    // Guarded by _running.
    private DateTime? _lastFreshWarning;
    private int _freshDeletedUnreported;

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
        var files = new List<(FileInfo File, long Length, DateTime LastUsed)>();
        var now = time.GetUtcNow().UtcDateTime;
        var staleBefore = now - MaxTempAge();
        var freshAfter = now - FreshAge;
        var total = 0L;
        foreach (var directory in new[] { directories.Image, directories.Video })
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            // Every file counts, however it got there: hidden names, nested folders, the old project's files.
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", EveryFile))
            {
                long length;
                try
                {
                    length = file.Length;
                }
                catch (FileNotFoundException)
                {
                    // Renamed or deleted since it was listed (a temp file just moved into place is listed again under its name).
                    continue;
                }

                if (file.Name.StartsWith(MediaDirectories.TempPrefix, StringComparison.Ordinal))
                {
                    // A download or store in progress counts, but only a crash leftover may go.
                    if (file.LastWriteTimeUtc < staleBefore && TryDelete(file))
                    {
                        Log.StaleTempRemoved(logger, file.Name);
                        continue;
                    }

                    total += length;
                    continue;
                }

                total += length;
                if (!string.Equals(file.FullName, keep, StringComparison.Ordinal))
                {
                    files.Add((file, length, LastUsed(file)));
                }
            }
        }

        if (total <= limit)
        {
            return;
        }

        var before = total;
        files.Sort((a, b) => a.LastUsed.CompareTo(b.LastUsed));

        // First the files nobody linked lately, down to the target; a fresh file's link may be on its way to a client.
        var target = (long)(limit * TargetRatio);
        var deleted = 0;
        foreach (var (file, length, lastUsed) in files)
        {
            if (total <= target)
            {
                break;
            }

            if (lastUsed <= freshAfter && TryDelete(file))
            {
                total -= length;
                deleted++;
            }
        }

        // Still above the limit: the limit wins over fresh links, oldest first, only as far as the limit.
        var freshDeleted = 0;
        foreach (var (file, length, lastUsed) in files)
        {
            if (total <= limit)
            {
                break;
            }

            if (lastUsed > freshAfter && TryDelete(file))
            {
                total -= length;
                freshDeleted++;
            }
        }

        if (freshDeleted > 0)
        {
            // At most one warning a minute (a small limit under load would otherwise warn on every store), with the count since the last one.
            _freshDeletedUnreported += freshDeleted;
            if (_lastFreshWarning is not { } last || now - last >= FreshWarningInterval)
            {
                Log.FreshFilesTrimmed(logger, _freshDeletedUnreported, FreshAge.TotalMinutes, limit / 1048576.0);
                _lastFreshWarning = now;
                _freshDeletedUnreported = 0;
            }
        }

        Log.Trimmed(logger, deleted + freshDeleted, before / 1048576.0, total / 1048576.0, limit / 1048576.0);
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

        [LoggerMessage(EventId = EventIds.FreshFilesTrimmed, Level = LogLevel.Warning,
            Message = "Media cache over cache.limit_mb ({LimitMb:0.#} MB) with only recent files left: {Deleted} files used within {FreshMinutes} minutes of their deletion were deleted since the last such warning, so links just handed out may 404; raise cache.limit_mb")]
        public static partial void FreshFilesTrimmed(ILogger logger, int deleted, double freshMinutes, double limitMb);

        [LoggerMessage(EventId = EventIds.TrimFailed, Level = LogLevel.Warning, Message = "Media cache trim failed")]
        public static partial void TrimFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.StaleTempRemoved, Level = LogLevel.Information,
            Message = "Removed the stale partial download {Name} from the media cache")]
        public static partial void StaleTempRemoved(ILogger logger, string name);
    }
}
