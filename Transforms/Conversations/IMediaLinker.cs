namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// Turns an image the upstream generated (a relative asset path such as
/// <c>users/&lt;uid&gt;/generated/&lt;id&gt;/image.jpg</c>, or an absolute assets URL) into a URL a
/// client can open: the host caches the file and links it through <c>app.app_url</c>. A decoder
/// calls it; the I/O is the host's.
/// </summary>
public interface IMediaLinker
{
    /// <summary>The client-facing URL of an upstream image.</summary>
    /// <param name="assetPath">The relative asset path or absolute assets URL from the stream.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The URL to show (never one that needs the account's cookie), or null when the image could not be fetched (it is then left out).</returns>
    ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken);
}
