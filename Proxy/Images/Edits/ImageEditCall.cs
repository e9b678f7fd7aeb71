namespace Grok2Api.Proxy.Images.Edits;

/// <summary>What one edit asks of the upstream, fixed before the first account is leased.</summary>
/// <param name="Prompt">The edit instruction.</param>
/// <param name="Sources">The source images, in order; uploaded again with each account tried.</param>
/// <param name="Count">Images to return, 1–10: one conversation call per two.</param>
/// <param name="Base64">Whether images go to the writer as base64 rather than as cache URLs.</param>
/// <param name="Temporary"><c>app.temporary</c>.</param>
/// <param name="DisableMemory"><c>app.disable_memory</c>.</param>
/// <param name="StreamPartials">Whether the upstream's intermediate renderings are streamed as partial images (the images API stream).</param>
internal sealed record ImageEditCall(
    string Prompt,
    IReadOnlyList<LoadedAttachment> Sources,
    int Count,
    bool Base64,
    bool Temporary,
    bool DisableMemory,
    bool StreamPartials);
