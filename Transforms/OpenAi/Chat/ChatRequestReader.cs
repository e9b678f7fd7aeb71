namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads and validates the JSON body of <c>POST /v1/chat/completions</c> into a
/// <see cref="ChatCompletionRequest"/>, or the OpenAI-shaped 400 error naming the parameter at
/// fault (codes in <see cref="ChatRequestErrorCodes"/>). Pure: no I/O, thread-safe.
/// </summary>
/// <remarks>
/// <para>Read: <c>model</c> (a non-empty string; whether it exists is the caller's 404),
/// <c>messages</c>, <c>stream</c>, <c>stream_options.include_usage</c>, <c>temperature</c> (0 to 2),
/// <c>top_p</c> (0 to 1), <c>reasoning_effort</c> (none, minimal, low, medium, high, xhigh;
/// case-sensitive), <c>image_config</c> and <c>video_config</c> (objects, kept as sent), and the tool
/// parameters <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c> (rules in
/// <see cref="ChatToolReader"/>; the legacy <c>functions</c> and <c>function_call</c> are refused). JSON null
/// means absent for every optional field. Every other property (<c>n</c>, <c>max_tokens</c>,
/// <c>stop</c>, <c>response_format</c>, ...) is accepted whatever its value and dropped.</para>
/// <para>First, every string and property name of the body must decode (no invalid UTF-8, no
/// unpaired surrogate escape): the error names where the first one that does not is. Then fields
/// are checked in that order and the first error is returned. A property given twice
/// counts with its last value. The body size limit is the caller's: it is enforced before reading.</para>
/// </remarks>
public static class ChatRequestReader
{
    private const string SupportedEfforts = "'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'";

    /// <summary>
    /// Reads a request body. Media values that are data URIs refer to <paramref name="utf8Json"/>
    /// itself (no copy): keep it unchanged for as long as the request is used.
    /// </summary>
    /// <param name="utf8Json">The whole body, UTF-8 JSON.</param>
    /// <returns>The request, or a 400 error.</returns>
    public static ChatRequestReadResult Read(ReadOnlyMemory<byte> utf8Json) => Read(new ReadOnlySequence<byte>(utf8Json));

    /// <summary>Reads a request body held in segments (e.g. from a <c>PipeReader</c>).</summary>
    /// <param name="utf8Json">The whole body, UTF-8 JSON.</param>
    /// <returns>The request, or a 400 error.</returns>
    public static ChatRequestReadResult Read(ReadOnlySequence<byte> utf8Json)
    {
        if (ChatRequestJson.ParseBody(utf8Json, out var document) is { } bodyError)
        {
            return ChatRequestReadResult.Failure(bodyError);
        }

        using (document)
        {
            // Data URIs without escapes stay slices of a contiguous body (not copied).
            return Read(document!.RootElement, utf8Json.IsSingleSegment ? utf8Json.First : ReadOnlyMemory<byte>.Empty);
        }
    }

    private static ChatRequestReadResult Read(JsonElement root, ReadOnlyMemory<byte> body)
    {
        var error = ReadModel(root, out var model);
        IReadOnlyList<ConversationMessage> messages = [];
        bool? stream = null;
        var includeUsage = false;
        double? temperature = null;
        double? topP = null;
        string? effort = null;
        JsonElement? imageConfig = null;
        JsonElement? videoConfig = null;
        ToolSet? tools = null;
        error ??= ChatMessageReader.Read(root, body, out messages);
        error ??= ChatRequestJson.ReadOptionalBoolean(root, "stream", "stream", out stream);
        error ??= ReadStreamOptions(root, out includeUsage);
        error ??= ChatRequestJson.ReadOptionalRange(root, "temperature", 0, 2, out temperature);
        error ??= ChatRequestJson.ReadOptionalRange(root, "top_p", 0, 1, out topP);
        error ??= ReadReasoningEffort(root, out effort);
        error ??= ChatRequestJson.ReadOptionalObject(root, "image_config", out imageConfig);
        error ??= ChatRequestJson.ReadOptionalObject(root, "video_config", out videoConfig);
        error ??= ChatToolReader.Read(root, out tools);
        if (error is not null)
        {
            return ChatRequestReadResult.Failure(error);
        }

        return ChatRequestReadResult.Success(new ChatCompletionRequest
        {
            Model = model,
            Messages = messages,
            Stream = stream,
            IncludeUsage = includeUsage,
            Temperature = temperature,
            TopP = topP,
            ReasoningEffort = effort,
            ImageConfig = imageConfig,
            VideoConfig = videoConfig,
            Tools = tools,
        });
    }

    private static OpenAiError? ReadModel(JsonElement root, out string model)
    {
        const string Hint = "GET /v1/models lists the available models.";
        if (ChatRequestJson.ReadRequiredString(root, "model", "model", out model, Hint) is { } error)
        {
            return error;
        }

        return model.Length == 0 ? ChatRequestErrors.Missing("model", Hint) : null;
    }

    private static OpenAiError? ReadStreamOptions(JsonElement root, out bool includeUsage)
    {
        includeUsage = false;
        if (!ChatRequestJson.TryGetValue(root, "stream_options", out var options))
        {
            return null;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType("stream_options", "an object", options.ValueKind);
        }

        var error = ChatRequestJson.ReadOptionalBoolean(options, "include_usage", "stream_options.include_usage", out var flag);
        includeUsage = flag ?? false;
        return error;
    }

    private static OpenAiError? ReadReasoningEffort(JsonElement root, out string? effort)
    {
        effort = null;
        if (!ChatRequestJson.TryGetValue(root, "reasoning_effort", out var value))
        {
            return null;
        }

        if (ChatRequestJson.ReadString(value, "reasoning_effort", out var text) is { } error)
        {
            return error;
        }

        if (text is not ("none" or "minimal" or "low" or "medium" or "high" or "xhigh"))
        {
            return ChatRequestErrors.InvalidValue("reasoning_effort", text, SupportedEfforts);
        }

        effort = text;
        return null;
    }
}
