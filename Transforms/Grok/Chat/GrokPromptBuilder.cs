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
/// <item>With tools (<see cref="Build(Conversation)"/>), a <c>system</c> message describing them comes first; an assistant
/// turn's calls follow its text as call blocks; a tool's result is a <c>tool</c> message holding a result block
/// (docs/tool-calling.md).</item>
/// <item>Attachments come from user messages and tool results: all files and audio first, then all images, each
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
    public static GrokPrompt Build(IReadOnlyList<ConversationMessage> messages) => Build(messages, null);

    /// <summary>Builds the prompt of a conversation, with its tools described first when it offers any (docs/tool-calling.md).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The prompt.</returns>
    public static GrokPrompt Build(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return Build(conversation.Messages, conversation.Tools);
    }

    private static GrokPrompt Build(IReadOnlyList<ConversationMessage> messages, ToolSet? tools)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var texts = new List<(string Role, string Text)>(messages.Count + 1);
        var hasText = false;
        if (tools is { Described: true })
        {
            texts.Add(("system", GrokToolPrompt.Describe(tools)));
        }

        Dictionary<string, string>? callNames = null;
        foreach (var message in messages)
        {
            foreach (var call in message.ToolCalls)
            {
                callNames ??= new Dictionary<string, string>(StringComparer.Ordinal);
                callNames.TryAdd(call.Id, call.Name);
            }

            var text = message.Role == ConversationMessage.ToolRole
                ? ToolResultOf(message, callNames)
                : WithCalls(TextOf(message), message.ToolCalls);
            if (text is not null)
            {
                texts.Add((message.Role, text));
                hasText = true;
            }
        }

        if (!hasText)
        {
            texts.Clear();
        }

        var attachments = AttachmentsOf(messages);
        if (texts.Count == 0)
        {
            return new GrokPrompt(string.Empty, attachments);
        }

        var bare = texts.FindLastIndex(t => t.Role == UserRole);
        if (texts.Count == 1 && bare == 0)
        {
            // One user turn, the common request: its text is the prompt as it is.
            return new GrokPrompt(texts[0].Text, attachments);
        }

        var length = 0L;
        foreach (var (role, text) in texts)
        {
            length += role.Length + 2 + text.Length + MessageSeparator.Length;
        }

        var prompt = new StringBuilder((int)Math.Min(length, Array.MaxLength));
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

    // An assistant turn with calls: its text, then each call as the block the model writes.
    private static string? WithCalls(string? text, IReadOnlyList<ToolCall> calls)
    {
        if (calls.Count == 0)
        {
            return text;
        }

        var joined = new StringBuilder(text);
        foreach (var call in calls)
        {
            if (joined.Length > 0)
            {
                joined.Append(PartSeparator);
            }

            joined.Append(GrokToolPrompt.CallBlock(call));
        }

        return joined.ToString();
    }

    // A tool's result is always written, even empty: the model must see that the call came back.
    private static string ToolResultOf(ConversationMessage message, Dictionary<string, string>? callNames)
    {
        var name = message.ToolName;
        if (name is null && message.ToolCallId is { } id && callNames is not null)
        {
            callNames.TryGetValue(id, out name);
        }

        return GrokToolPrompt.ResultBlock(name, message.ToolCallId, message.IsError, TextOf(message) ?? string.Empty);
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
            if (message.Role is not (UserRole or ConversationMessage.ToolRole))
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
