namespace Grok2Api.Proxy.Media;

/// <summary>
/// The local cache of media the upstream generated (<c>DATA_DIR/tmp/image</c>, <c>DATA_DIR/tmp/video</c>),
/// served at <c>/v1/files/{image|video}/{name}</c> with Range support and trimmed to <c>cache.limit_mb</c>.
/// </summary>
internal interface IMediaCache
{
    /// <summary>
    /// Downloads an upstream asset with the account's cookie (through the asset egress), stores it
    /// once (a cached file is not downloaded again) and returns its public URL, built from
    /// <c>app.app_url</c> or, when that is empty, from the client's request.
    /// </summary>
    /// <param name="kind">image or video.</param>
    /// <param name="token">The bare SSO token of the account that generated it.</param>
    /// <param name="assetPath">The relative asset path or absolute assets URL.</param>
    /// <param name="request">The client's request (scheme and host when app_url is empty).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The public URL, or null when the asset could not be downloaded.</returns>
    Task<string?> CacheAsync(MediaKind kind, string token, string assetPath, HttpRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Stores media the gateway already holds (an image that arrived over the Imagine WebSocket) as a
    /// cached file, written to a temp file and renamed so a reader never sees it half written, then
    /// trims the cache; returns its public URL like <see cref="CacheAsync"/>.
    /// </summary>
    /// <param name="kind">image or video.</param>
    /// <param name="name">The file name; must be a safe cache name (<see cref="MediaFileNames.IsSafe"/>).</param>
    /// <param name="content">The bytes.</param>
    /// <param name="request">The client's request (scheme and host when app_url is empty).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The public URL.</returns>
    /// <exception cref="ArgumentException">The name is not a safe cache name.</exception>
    Task<string> StoreAsync(MediaKind kind, string name, ReadOnlyMemory<byte> content, HttpRequest request, CancellationToken cancellationToken);

    /// <summary>The full path of a cached file, when <paramref name="name"/> is a valid cached file name of that kind.</summary>
    /// <param name="kind">image or video.</param>
    /// <param name="name">The file name from a <c>/v1/files</c> URL.</param>
    string? Find(MediaKind kind, string name);
}
