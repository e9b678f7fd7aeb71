namespace Grok2Api.Transforms.Conversations;

/// <summary>A media part that must be fetched, uploaded with the leased account and attached to the upstream message.</summary>
/// <param name="Kind">Image, audio or file.</param>
/// <param name="Source">An http(s) URL or a data URI.</param>
/// <param name="FileName">A client-given file name, when any.</param>
/// <param name="Param">Where it is in the client's request, for error messages.</param>
public sealed record ConversationAttachment(ConversationPartKind Kind, string Source, string? FileName, string Param);
