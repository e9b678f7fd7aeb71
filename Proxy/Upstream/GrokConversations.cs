namespace Grok2Api.Proxy.Upstream;

/// <summary>Creates the conversation exchange of a request, with the clients it calls. Thread-safe.</summary>
internal sealed class GrokConversations(IGrokRestClient rest, IGrokFileUploader uploader, IMediaCache media, ILogger<GrokConversations> logger)
{
    /// <summary>The exchange that runs <paramref name="call"/> once per account tried.</summary>
    public IUpstreamExchange Exchange(GrokConversationCall call) => new GrokConversationExchange(call, rest, uploader, media, logger);
}
