namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// A conversation flattened into the single message a Grok web conversation takes
/// (docs/grok-protocol.md §3.3), and the attachments to upload, in upstream order (files and audio
/// first, then images).
/// </summary>
/// <param name="Message">The flattened prompt; empty when the conversation has no text at all.</param>
/// <param name="Attachments">The attachments in upstream order.</param>
public sealed record GrokPrompt(string Message, IReadOnlyList<ConversationAttachment> Attachments)
{
    /// <summary>Whether there is text to send: the upstream refuses nothing but answers an empty message with nonsense, so the gateway refuses it first.</summary>
    public bool HasText => Message.Length > 0;
}
