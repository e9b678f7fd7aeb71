using System.Text.Json;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// Creates the media post a video or an image edit hangs from (<c>POST /rest/media/post/create</c>,
/// docs/grok-protocol.md §12.1) with the leased account's cookie: a video post carries the prompt,
/// an image post the assets URL of an uploaded or generated image. A 429 is not retried on the same
/// account, so the pipeline can move to another one; an answer without <c>post.id</c> is a server
/// error. Thread-safe.
/// </summary>
internal sealed class GrokMediaPosts(IGrokRestClient client)
{
    /// <summary>The <c>mediaType</c> of a text-to-video post.</summary>
    public const string VideoType = "MEDIA_POST_TYPE_VIDEO";

    /// <summary>The <c>mediaType</c> of a post that holds an image.</summary>
    public const string ImageType = "MEDIA_POST_TYPE_IMAGE";

    private static readonly UpstreamCallOptions Options = UpstreamCallOptions.WithTimeoutSeconds(30) with { ExcludedRetryStatuses = [429] };

    /// <summary>Creates a text-to-video post.</summary>
    /// <param name="token">The bare SSO token of the leased account.</param>
    /// <param name="prompt">The video prompt.</param>
    /// <param name="cancellationToken">The attempt's cancellation.</param>
    public Task<MediaPostResult> CreateVideoPostAsync(string token, string prompt, CancellationToken cancellationToken) =>
        CreateAsync(token, new Dictionary<string, string> { ["mediaType"] = VideoType, ["prompt"] = prompt }, cancellationToken);

    /// <summary>Creates a post holding an image.</summary>
    /// <param name="token">The bare SSO token of the leased account.</param>
    /// <param name="mediaUrl">The absolute assets URL of the image.</param>
    /// <param name="cancellationToken">The attempt's cancellation.</param>
    public Task<MediaPostResult> CreateImagePostAsync(string token, string mediaUrl, CancellationToken cancellationToken) =>
        CreateAsync(token, new Dictionary<string, string> { ["mediaType"] = ImageType, ["mediaUrl"] = mediaUrl }, cancellationToken);

    private async Task<MediaPostResult> CreateAsync(string token, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(fields, MediaJsonContext.Default.DictionaryStringString);
        var result = await client.SendAsync(GrokEndpoints.MediaPostCreate, token, body, Options, cancellationToken);
        if (!result.IsSuccess)
        {
            return new MediaPostResult(null, result.Failure);
        }

        return GrokAnswerJson.StringAt(result.Body, "post", "id") is { } id
            ? new MediaPostResult(id, null)
            : new MediaPostResult(null, new UpstreamFailure(UpstreamFailureKind.ServerError, "media/post/create answered without post.id") { Status = result.StatusCode });
    }
}
