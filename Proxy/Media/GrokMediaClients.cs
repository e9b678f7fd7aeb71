namespace Grok2Api.Proxy.Media;

/// <summary>
/// The clients a multi-step media exchange (an image edit, a video) uses with its one leased account:
/// upload-file for source images, media posts, the conversation endpoint, and the media cache the
/// results are stored in. Thread-safe; one instance serves every request.
/// </summary>
/// <param name="Rest">The REST client (conversations, upscale).</param>
/// <param name="Uploader">upload-file.</param>
/// <param name="Posts">media/post/create.</param>
/// <param name="Media">The local media cache.</param>
internal sealed record GrokMediaClients(IGrokRestClient Rest, IGrokFileUploader Uploader, GrokMediaPosts Posts, IMediaCache Media);
