namespace Grok2Api.Transforms.Conversations;

/// <summary>A limit of the client's request that ends an answer early.</summary>
public enum AnswerStopReason
{
    /// <summary>The client's output token limit (Anthropic <c>max_tokens</c>, OpenAI <c>max_output_tokens</c> / <c>max_completion_tokens</c>).</summary>
    MaxTokens,

    /// <summary>One of the client's stop sequences appeared in the text (it is not sent).</summary>
    StopSequence,
}
