namespace Grok2Api.Proxy.Media;

/// <summary>
/// The media cache: a file already cached is linked without a download; concurrent requests for the
/// same file share one download (in memory, no lock files on disk), which runs to completion under
/// its own time limit even if a waiting client goes away; each new file may trigger a trim.
/// Thread-safe; a singleton.
/// </summary>
internal sealed partial class MediaCache(
    MediaDirectories directories,
    AssetDownloader downloader,
    MediaCacheTrimmer trimmer,
    IOptionsMonitor<AppSection> app,
    TimeProvider time,
    ILogger<MediaCache> logger) : IMediaCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<bool>> _inFlight = new(StringComparer.Ordinal);

    public async Task<string?> CacheAsync(MediaKind kind, string token, string assetPath, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(assetPath);
        ArgumentNullException.ThrowIfNull(request);
        var name = MediaFileNames.FromAssetPath(assetPath);
        if (name is null)
        {
            Log.InvalidAssetPath(logger, kind, TokenIdentity.IdOf(token));
            return null;
        }

        var path = directories.FileOf(kind, name);
        Task<bool>? download = null;
        lock (_lock)
        {
            if (!File.Exists(path) && !_inFlight.TryGetValue(path, out download))
            {
                download = DownloadSharedAsync(kind, name, token, assetPath, path);
                _inFlight[path] = download;
            }
        }

        if (download is null)
        {
            MarkUsed(path);
            return Link(kind, name, request);
        }

        return await download.WaitAsync(cancellationToken) ? Link(kind, name, request) : null;
    }

    public async Task<string> StoreAsync(MediaKind kind, string name, ReadOnlyMemory<byte> content, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaFileNames.IsSafe(name))
        {
            throw new ArgumentException("Not a safe cache file name.", nameof(name));
        }

        var path = directories.FileOf(kind, name);
        var temp = MediaDirectories.TempFor(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        Log.Stored(logger, kind, name, content.Length);
        await trimmer.TrimAsync(path, CancellationToken.None);
        return Link(kind, name, request);
    }

    public string? Find(MediaKind kind, string name)
    {
        if (!MediaFileNames.IsSafe(name))
        {
            return null;
        }

        var path = directories.FileOf(kind, name);
        return File.Exists(path) ? path : null;
    }

    // Linked again: the trim goes by last use and spares fresh files (MediaCacheTrimmer). The access
    // time, not the write time, so the file's Last-Modified and ETag stay as they were.
    private void MarkUsed(string path)
    {
        try
        {
            File.SetLastAccessTimeUtc(path, time.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Trimmed or read-only meanwhile: the link is still right while the file exists.
        }
    }

    private string Link(MediaKind kind, string name, HttpRequest request) =>
        MediaLinks.PublicUrl(app.CurrentValue.AppUrl, request, kind, name);

    private async Task<bool> DownloadSharedAsync(MediaKind kind, string name, string token, string assetPath, string path)
    {
        // Let the caller register this task before it can complete and unregister itself.
        await Task.Yield();
        try
        {
            // Shared by every waiter, so no single client's cancellation applies; the download timeout bounds it.
            var result = await downloader.DownloadAsync(token, assetPath, path, CancellationToken.None);
            if (!result.Success)
            {
                Log.DownloadFailed(logger, kind, name, TokenIdentity.IdOf(token), result.Detail);
                return false;
            }

            Log.Downloaded(logger, kind, name);
            await trimmer.TrimAsync(path, CancellationToken.None);
            return true;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove(path);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.DownloadFailed, Level = LogLevel.Warning,
            Message = "Could not cache {Kind} {Name} with token {TokenId}: {Detail}; it is left out of the answer")]
        public static partial void DownloadFailed(ILogger logger, MediaKind kind, string name, string tokenId, string? detail);

        [LoggerMessage(EventId = EventIds.Downloaded, Level = LogLevel.Debug, Message = "Cached {Kind} {Name}")]
        public static partial void Downloaded(ILogger logger, MediaKind kind, string name);

        [LoggerMessage(EventId = EventIds.MediaStored, Level = LogLevel.Debug, Message = "Stored {Kind} {Name} ({Bytes} bytes)")]
        public static partial void Stored(ILogger logger, MediaKind kind, string name, int bytes);

        [LoggerMessage(EventId = EventIds.InvalidAssetPath, Level = LogLevel.Warning,
            Message = "An upstream {Kind} path from token {TokenId} does not make a safe cache file name; it is left out")]
        public static partial void InvalidAssetPath(ILogger logger, MediaKind kind, string tokenId);
    }
}
