namespace Grok2Api.Simulator.Chat;

/// <summary>
/// The lines one conversations/new request answers with. Queue it with
/// <see cref="ChatScriptQueue.Enqueue"/>; unscripted requests get <see cref="Answer"/> of the default answer.
/// </summary>
public sealed class ChatScript
{
    /// <summary>A script of the given lines, in order.</summary>
    public ChatScript(IEnumerable<ChatLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = lines.ToList();
    }

    /// <summary>A script of the given lines, in order.</summary>
    public ChatScript(params ChatLine[] lines)
        : this((IEnumerable<ChatLine>)lines)
    {
    }

    /// <summary>The lines, in order.</summary>
    public IReadOnlyList<ChatLine> Lines { get; }

    /// <summary>Delay before each line after the first, unless the line sets its own; null uses the simulator's.</summary>
    public TimeSpan? LineDelay { get; init; }

    /// <summary>Quota units this chat takes; null charges by model mode (1, or 4 for heavy/expert/4.1-thinking).</summary>
    public int? QuotaCost { get; init; }

    /// <summary>
    /// The realistic sequence of a plain chat: conversation, userResponse, thinking tokens (when
    /// <paramref name="thinking"/> is given), the answer split into small tokens, modelResponse, finalMetadata.
    /// </summary>
    public static ChatScript Answer(string answer, string? thinking = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lines = new List<ChatLine> { ChatLine.Conversation(), ChatLine.UserResponse() };
        if (thinking is not null)
        {
            lines.AddRange(TextChunker.Split(thinking).Select(t => ChatLine.Thinking(t)));
        }

        lines.AddRange(TextChunker.Split(answer).Select(t => ChatLine.Token(t)));
        lines.Add(ChatLine.ModelResponse(answer));
        lines.Add(ChatLine.FinalMetadata());
        return new ChatScript(lines);
    }

    /// <summary>A script of verbatim lines.</summary>
    public static ChatScript FromRaw(IEnumerable<string> lines) => new(lines.Select(ChatLine.Raw));
}
