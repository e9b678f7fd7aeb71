using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Proxy.Upstream;

/// <summary>What one request asks of the Grok conversation endpoint, fixed before the first account is leased.</summary>
/// <param name="Prompt">The flattened message and the attachments in upstream order.</param>
/// <param name="Files">The attachments, fetched and decoded, in the same order; uploaded with each account tried.</param>
/// <param name="ModelName">The upstream model name.</param>
/// <param name="ModelMode">The upstream model mode, when the model has one.</param>
/// <param name="Options">The client's generation options.</param>
/// <param name="FilterTags"><c>app.filter_tags</c>.</param>
/// <param name="Temporary"><c>app.temporary</c>: conversations are not kept in the account's history.</param>
/// <param name="DisableMemory"><c>app.disable_memory</c>.</param>
/// <param name="ImageFormat">How generated images are shown: linked, or inline as <c>data:</c> URIs (<c>app.image_format</c>).</param>
internal sealed record GrokConversationCall(
    GrokPrompt Prompt,
    IReadOnlyList<LoadedAttachment> Files,
    string ModelName,
    string? ModelMode,
    GenerationOptions Options,
    IReadOnlyList<string> FilterTags,
    bool Temporary,
    bool DisableMemory,
    ImageResponseFormat ImageFormat);
