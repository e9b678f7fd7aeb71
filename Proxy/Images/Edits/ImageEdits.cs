namespace Grok2Api.Proxy.Images.Edits;

/// <summary>Creates the image-edit exchange of a request, with the clients it calls. Thread-safe.</summary>
internal sealed class ImageEdits(
    GrokMediaClients clients,
    IOptionsMonitor<UpstreamSection> upstream,
    IOptionsMonitor<ChatSection> chat,
    IOptionsMonitor<ImageSection> image,
    ILogger<ImageEditExchange> logger)
{
    /// <summary>The exchange that runs <paramref name="call"/> once per account tried.</summary>
    public IUpstreamExchange Exchange(ImageEditCall call) =>
        new ImageEditExchange(call, clients, upstream.CurrentValue.AssetsUrl, logger);

    /// <summary>
    /// The pipeline plan of one edit: its exchange, with the <c>[chat]</c> time limits (edits run
    /// through the conversation endpoint, as chats do), answered through <paramref name="surface"/>.
    /// With <c>image.nsfw</c> on, accounts tagged <c>nsfw</c> are tried first: the account's NSFW
    /// setting decides what an edited image may show (docs/adr/0024).
    /// </summary>
    /// <param name="model">The edit model.</param>
    /// <param name="call">The edit.</param>
    /// <param name="surface">The client protocol of the answer (chat or images).</param>
    public UpstreamPlan Plan(ModelInfo model, ImageEditCall call, IClientSurface surface) =>
        new(model.Id, ModelTokenRequest.For(model, nsfw: image.CurrentValue.Nsfw), Exchange(call), surface, AttemptTimeouts.Of(chat.CurrentValue));
}
