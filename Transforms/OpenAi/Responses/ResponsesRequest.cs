namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// A validated body of <c>POST /v1/responses</c>: the neutral messages of its input, its tools, and
/// the fields the response object echoes back. Made by <see cref="ResponsesRequestReader"/>.
/// </summary>
public sealed record ResponsesRequest
{
    /// <summary>The model name the client asked for (echoed back as sent).</summary>
    public required string Model { get; init; }

    /// <summary>The input in neutral form, in order, without the instructions; may be empty when <see cref="PreviousResponseId"/> carries the conversation.</summary>
    public required IReadOnlyList<ConversationMessage> Messages { get; init; }

    /// <summary>The input items as the input-items listing shows them (JSON objects, each with an id).</summary>
    public required IReadOnlyList<string> InputItems { get; init; }

    /// <summary><c>instructions</c>: a leading system message of this request only; null when absent.</summary>
    public string? Instructions { get; init; }

    /// <summary>The function tools and the tool choice; null when the request offers none.</summary>
    public ToolSet? Tools { get; init; }

    /// <summary><c>tools</c> as sent (raw JSON array), or null.</summary>
    public string? ToolsJson { get; init; }

    /// <summary><c>tool_choice</c> as sent (raw JSON), or null.</summary>
    public string? ToolChoiceJson { get; init; }

    /// <summary><c>parallel_tool_calls</c>; true when absent.</summary>
    public bool ParallelToolCalls { get; init; } = true;

    /// <summary><c>reasoning.effort</c>: none, minimal, low, medium, high or xhigh; null when absent.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary><c>reasoning.summary</c>: auto, concise or detailed; null when absent.</summary>
    public string? ReasoningSummary { get; init; }

    /// <summary>Whether the request had a <c>reasoning</c> object at all.</summary>
    public bool HasReasoning { get; init; }

    /// <summary><c>max_output_tokens</c>, a positive integer, or null.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary><c>temperature</c> (0 to 2), or null.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c> (0 to 1), or null.</summary>
    public double? TopP { get; init; }

    /// <summary><c>metadata</c> as sent (raw JSON object of strings), or null.</summary>
    public string? MetadataJson { get; init; }

    /// <summary><c>store</c>; true when absent.</summary>
    public bool Store { get; init; } = true;

    /// <summary><c>stream</c>; false when absent.</summary>
    public bool Stream { get; init; }

    /// <summary><c>previous_response_id</c>, or null.</summary>
    public string? PreviousResponseId { get; init; }

    /// <summary><c>user</c>, or null.</summary>
    public string? User { get; init; }

    /// <summary>The generation options of the neutral conversation.</summary>
    public GenerationOptions Options => new(Temperature, TopP, ReasoningEffort);

    /// <summary>
    /// The neutral conversation of this request: the instructions first (as a system message), then
    /// <paramref name="history"/> (the stored conversation of the previous response, which never holds
    /// instructions), then this request's input; tool results that do not name their tool get the name
    /// of the call they answer.
    /// </summary>
    /// <param name="history">The earlier turns, or empty.</param>
    public Conversation ToConversation(IReadOnlyList<ConversationMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var messages = new List<ConversationMessage>(history.Count + Messages.Count + 1);
        if (Instructions is { } instructions)
        {
            messages.Add(new ConversationMessage("system", [new ConversationPart(ConversationPartKind.Text, instructions, null, null, "instructions")]));
        }

        messages.AddRange(history);
        messages.AddRange(Messages);
        return new Conversation(Model, ResponsesToolNames.Resolve(messages), Options) { Tools = Tools };
    }
}
