namespace Grok2Api.Transforms.Anthropic;

/// <summary>A validated Anthropic Messages API request (<c>POST /v1/messages</c> or its <c>count_tokens</c>).</summary>
/// <param name="Conversation">The neutral conversation: the system prompt, the turns, the tools and the generation options.</param>
public sealed record AnthropicRequest(Conversation Conversation)
{
    /// <summary>The model name the client sent (echoed in answers; resolved by the caller).</summary>
    public string Model => Conversation.Model;

    /// <summary><c>max_tokens</c>: the most answer-text tokens; null only for <c>count_tokens</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary><c>stop_sequences</c>, as sent (none empty).</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary><c>stream</c>: server-sent events rather than one message object.</summary>
    public bool Stream { get; init; }

    /// <summary>Whether <c>thinking</c> is enabled: the model's reasoning is shown as <c>thinking</c> blocks; otherwise it is hidden.</summary>
    public bool Thinking { get; init; }
}
