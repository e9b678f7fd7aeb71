namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>What one <see cref="ResponsesAnswerWriter"/> needs to know about its request.</summary>
public sealed record ResponsesAnswerOptions
{
    /// <summary>The response id (<c>resp_…</c>); the same for every attempt of the request.</summary>
    public required string ResponseId { get; init; }

    /// <summary><c>created_at</c>, Unix seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>The validated request: its model name and the fields the response object echoes.</summary>
    public required ResponsesRequest Request { get; init; }

    /// <summary>Whether thinking becomes a <c>reasoning</c> output item (false: it is dropped).</summary>
    public bool ShowReasoning { get; init; }

    /// <summary>The prompt sent upstream, counted for <c>usage.input_tokens</c>.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// Stream only: keep the final <c>response.completed</c> / <c>response.incomplete</c> event in
    /// <see cref="ResponsesResult.FinalEvent"/> instead of writing it, so the caller can store the
    /// response before the client learns that it is complete.
    /// </summary>
    public bool HoldFinalEvent { get; init; }
}
