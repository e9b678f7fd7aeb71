using System.Text;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// Flattens a conversation into the single message a Grok web conversation takes
/// (docs/grok-protocol.md §3.3) and lists the attachments to upload. Pure: no I/O, thread-safe.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Per message, the text parts are joined with <c>\n</c>; empty or whitespace-only parts are
/// dropped, the others are kept verbatim (not trimmed).</item>
/// <item>A message with no text is skipped.</item>
/// <item>Messages are joined with <c>\n\n</c>, each prefixed <c>"&lt;role&gt;: "</c>, except the last
/// user message that has text, which is sent bare (even when assistant turns follow it).</item>
/// <item>Attachments come from user messages: all files and audio first, then all images, each
/// group in request order.</item>
/// </list>
/// A conversation with no text at all gives an empty message (<see cref="GrokPrompt.HasText"/> false),
/// also when it has media; the client's surface refuses it (the original project sent an empty message
/// upstream, docs/compatibility.md §8.13).
/// </remarks>
public static class GrokPromptBuilder
{
    private const string PartSeparator = "\n";
    private const string MessageSeparator = "\n\n";
    private const string UserRole = "user";

    /// <summary>Builds the prompt of a conversation.</summary>
    /// <param name="messages">The conversation's validated messages.</param>
    /// <returns>The prompt.</returns>
    public static GrokPrompt Build(IReadOnlyList<ConversationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var texts = new List<(string Role, string Text)>(messages.Count);
        foreach (var message in messages)
        {
            if (TextOf(message) is { } text)
            {
                texts.Add((message.Role, text));
            }
        }

        var attachments = AttachmentsOf(messages);
        if (texts.Count == 0)
        {
            return new GrokPrompt(string.Empty, attachments);
        }

        var bare = texts.FindLastIndex(t => t.Role == UserRole);
        var prompt = new StringBuilder();
        for (var i = 0; i < texts.Count; i++)
        {
            if (i > 0)
            {
                prompt.Append(MessageSeparator);
            }

            if (i != bare)
            {
                prompt.Append(texts[i].Role).Append(": ");
            }

            prompt.Append(texts[i].Text);
        }

        return new GrokPrompt(prompt.ToString(), attachments);
    }

    private static string? TextOf(ConversationMessage message)
    {
        string? single = null;
        StringBuilder? joined = null;
        foreach (var part in message.Parts)
        {
            if (part.Kind != ConversationPartKind.Text || string.IsNullOrWhiteSpace(part.Text))
            {
                continue;
            }

            if (single is null)
            {
                single = part.Text;
            }
            else
            {
                joined ??= new StringBuilder(single);
                joined.Append(PartSeparator).Append(part.Text);
            }
        }

        return joined?.ToString() ?? single;
    }

    private static List<ConversationAttachment> AttachmentsOf(IReadOnlyList<ConversationMessage> messages)
    {
        var attachments = new List<ConversationAttachment>();
        var images = new List<ConversationAttachment>();
        foreach (var message in messages)
        {
            if (message.Role != UserRole)
            {
                continue;
            }

            foreach (var part in message.Parts)
            {
                if (part.Kind == ConversationPartKind.Text || part.Source is null)
                {
                    continue;
                }

                var attachment = new ConversationAttachment(part.Kind, part.Source, part.FileName, part.Param);
                (part.Kind == ConversationPartKind.Image ? images : attachments).Add(attachment);
            }
        }

        attachments.AddRange(images);
        return attachments;
    }
}
