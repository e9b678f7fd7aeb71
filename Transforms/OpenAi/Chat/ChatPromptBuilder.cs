using System.Text;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Flattens a conversation into the single upstream message, exactly as upstream-protocol.md §2.3
/// says, and lists the attachments to upload. Pure: no I/O, thread-safe.
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
/// A conversation with no text at all is refused with 400 <c>empty_prompt</c>, also when it has
/// media: the original sent an empty message upstream (original-behavior.md §1.5, "do better" 17).
/// </remarks>
public static class ChatPromptBuilder
{
    private const string PartSeparator = "\n";
    private const string MessageSeparator = "\n\n";

    /// <summary>Builds the prompt of a validated request.</summary>
    /// <param name="request">A request from <see cref="ChatRequestReader"/>.</param>
    /// <returns>The prompt, or a 400 error.</returns>
    public static ChatPromptResult Build(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var texts = new List<(string Role, string Text)>(request.Messages.Count);
        foreach (var message in request.Messages)
        {
            if (TextOf(message) is { } text)
            {
                texts.Add((message.Role, text));
            }
        }

        var attachments = AttachmentsOf(request.Messages);
        if (texts.Count == 0)
        {
            return ChatPromptResult.Failure(ChatRequestErrors.EmptyPrompt(attachments.Count > 0));
        }

        var bare = texts.FindLastIndex(t => t.Role == ChatRoles.User);
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

        return ChatPromptResult.Success(new ChatPrompt(prompt.ToString(), attachments));
    }

    private static string? TextOf(ChatMessage message)
    {
        string? single = null;
        StringBuilder? joined = null;
        foreach (var part in message.Parts)
        {
            if (part.Kind != ChatContentKind.Text || string.IsNullOrWhiteSpace(part.Text))
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

    private static List<ChatAttachment> AttachmentsOf(IReadOnlyList<ChatMessage> messages)
    {
        var attachments = new List<ChatAttachment>();
        var images = new List<ChatAttachment>();
        foreach (var message in messages)
        {
            if (message.Role != ChatRoles.User)
            {
                continue;
            }

            foreach (var part in message.Parts)
            {
                if (part.Kind == ChatContentKind.Text || part.Media is null)
                {
                    continue;
                }

                var attachment = new ChatAttachment(part.Kind, part.Media, part.FileName, part.Param);
                (part.Kind == ChatContentKind.ImageUrl ? images : attachments).Add(attachment);
            }
        }

        attachments.AddRange(images);
        return attachments;
    }
}
