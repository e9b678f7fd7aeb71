namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>One media block of a user message that must be uploaded and attached (upstream-protocol.md §2.3).</summary>
/// <param name="Kind">Image, audio or file.</param>
/// <param name="Source">An http(s) URL or a data URI.</param>
/// <param name="FileName">A client-given file name, when any.</param>
/// <param name="Param">Where it is in the request, for error messages.</param>
public sealed record ChatAttachment(ChatContentKind Kind, string Source, string? FileName, string Param);
