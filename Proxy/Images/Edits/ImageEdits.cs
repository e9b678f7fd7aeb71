using Grok2Api.Configuration;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Proxy.Upstream;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>Creates the image-edit exchange of a request, with the clients it calls. Thread-safe.</summary>
internal sealed class ImageEdits(
    IGrokRestClient rest,
    IGrokFileUploader uploader,
    GrokMediaPosts posts,
    IMediaCache media,
    IOptionsMonitor<UpstreamSection> upstream,
    ILogger<ImageEditExchange> logger)
{
    /// <summary>The exchange that runs <paramref name="call"/> once per account tried.</summary>
    public IUpstreamExchange Exchange(ImageEditCall call) =>
        new ImageEditExchange(call, rest, uploader, posts, media, upstream.CurrentValue.AssetsUrl, logger);
}
