namespace Grok2Api.Transforms.Anthropic;

/// <summary>What one <see cref="AnthropicMessageWriter"/> needs to know about its request.</summary>
public sealed record AnthropicAnswerOptions
{
    /// <summary>The <c>msg_…</c> id of the answer.</summary>
    public required string MessageId { get; init; }

    /// <summary>The model name the client sent (echoed back).</summary>
    public required string Model { get; init; }

    /// <summary>True for server-sent events, false for one message object.</summary>
    public bool Stream { get; init; }

    /// <summary>Whether the model's reasoning is shown as <c>thinking</c> blocks (request <c>thinking</c> enabled); dropped otherwise.</summary>
    public bool Thinking { get; init; }

    /// <summary><c>usage.input_tokens</c>: the count of the prompt sent upstream.</summary>
    public int InputTokens { get; init; }
}
