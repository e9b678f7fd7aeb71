namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// A validated <c>POST /v1/chat/completions</c> request: the fields the gateway uses (the request
/// parameters of the original project plus <c>stream_options.include_usage</c>). Other OpenAI
/// parameters are accepted and dropped. <see cref="ToConversation"/> gives its neutral form.
/// </summary>
public sealed record ChatCompletionRequest
{
    /// <summary>The model id as sent (not yet checked against the model table).</summary>
    public required string Model { get; init; }

    /// <summary>The messages, in order; never empty.</summary>
    public required IReadOnlyList<ConversationMessage> Messages { get; init; }

    /// <summary><c>stream</c>; null when the client did not say (then <c>app.stream</c> decides).</summary>
    public bool? Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary><c>reasoning_effort</c>: none, minimal, low, medium, high or xhigh; null when absent.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary><c>temperature</c> (0 to 2); null when absent.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c> (0 to 1); null when absent.</summary>
    public double? TopP { get; init; }

    /// <summary><c>image_config</c> as sent, for the image models (validated by their own issue).</summary>
    public JsonElement? ImageConfig { get; init; }

    /// <summary><c>video_config</c> as sent, for the video model (validated by its own issue).</summary>
    public JsonElement? VideoConfig { get; init; }

    /// <summary><c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>; null when the request offers no tools.</summary>
    public ToolSet? Tools { get; init; }

    /// <summary>The neutral conversation this request asks for.</summary>
    public Conversation ToConversation() => new(Model, Messages, new GenerationOptions(Temperature, TopP, ReasoningEffort)) { Tools = Tools };
}
