namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// A conversation flattened into the single upstream message (upstream-protocol.md §2.3) and the
/// attachments to upload, in upstream order (files and audio first, then images).
/// </summary>
/// <param name="Message">The flattened prompt; never empty.</param>
/// <param name="Attachments">The attachments in upstream order.</param>
public sealed record ChatPrompt(string Message, IReadOnlyList<ChatAttachment> Attachments);
