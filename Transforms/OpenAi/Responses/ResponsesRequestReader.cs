using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// Reads and validates the JSON body of <c>POST /v1/responses</c> into a <see cref="ResponsesRequest"/>,
/// or the OpenAI-shaped 400 error naming the parameter at fault. Pure: no I/O, thread-safe.
/// </summary>
/// <remarks>
/// Read: <c>model</c>, <c>input</c> (<see cref="ResponsesInputReader"/>), <c>instructions</c>,
/// <c>tools</c>, <c>tool_choice</c>, <c>parallel_tool_calls</c>, <c>reasoning</c> (<c>effort</c>,
/// <c>summary</c>), <c>max_output_tokens</c>, <c>temperature</c>, <c>top_p</c>, <c>metadata</c>,
/// <c>store</c>, <c>stream</c>, <c>previous_response_id</c> and <c>user</c>. Other properties
/// (<c>text</c>, <c>include</c>, <c>truncation</c>, …) are accepted and dropped. JSON null means absent.
/// Strings must decode first (as for chat); then the first error in that order is returned.
/// </remarks>
public static class ResponsesRequestReader
{
    private const string SupportedEfforts = "'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'";
    private const string SupportedSummaries = "'auto', 'concise' and 'detailed'";
    private const int MaxMetadataKeys = 16;

    /// <summary>
    /// Reads a request body. Media values that are data URIs refer to <paramref name="utf8Json"/>
    /// itself: keep it unchanged for as long as the request is used.
    /// </summary>
    /// <param name="utf8Json">The whole body, UTF-8 JSON.</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="error">The 400 error, when not.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out ResponsesRequest? request, [NotNullWhen(false)] out OpenAiError? error)
    {
        request = null;
        if (ChatRequestJson.ParseBody(new ReadOnlySequence<byte>(utf8Json), out var document) is { } bodyError)
        {
            error = bodyError;
            return false;
        }

        using (document)
        {
            error = Read(document!.RootElement, utf8Json, out request);
            return error is null;
        }
    }

    private static OpenAiError? Read(JsonElement root, ReadOnlyMemory<byte> body, out ResponsesRequest? request)
    {
        request = null;
        var error = ReadModel(root, out var model);
        List<ConversationMessage> messages = [];
        List<string> items = [];
        string? instructions = null;
        ToolSet? tools = null;
        string? toolsJson = null;
        string? choiceJson = null;
        var parallel = true;
        string? effort = null;
        string? summary = null;
        var hasReasoning = false;
        int? maxOutput = null;
        double? temperature = null;
        double? topP = null;
        string? metadata = null;
        bool? store = null;
        bool? stream = null;
        string? previous = null;
        string? user = null;
        error ??= ResponsesInputReader.Read(root, body, out messages, out items);
        error ??= ReadOptionalString(root, "instructions", out instructions);
        error ??= ResponsesToolReader.Read(root, out tools, out toolsJson, out choiceJson, out parallel);
        error ??= ReadReasoning(root, out hasReasoning, out effort, out summary);
        error ??= ReadMaxOutputTokens(root, out maxOutput);
        error ??= ChatRequestJson.ReadOptionalRange(root, "temperature", 0, 2, out temperature);
        error ??= ChatRequestJson.ReadOptionalRange(root, "top_p", 0, 1, out topP);
        error ??= ReadMetadata(root, out metadata);
        error ??= ChatRequestJson.ReadOptionalBoolean(root, "store", "store", out store);
        error ??= ChatRequestJson.ReadOptionalBoolean(root, "stream", "stream", out stream);
        error ??= ReadOptionalString(root, "previous_response_id", out previous);
        error ??= ReadOptionalString(root, "user", out user);
        if (error is not null)
        {
            return error;
        }

        if (previous is { Length: 0 })
        {
            return ChatRequestErrors.Missing("previous_response_id", "an empty id names no response; leave the parameter out instead.");
        }

        request = new ResponsesRequest
        {
            Model = model,
            Messages = messages,
            InputItems = items,
            Instructions = instructions,
            Tools = tools,
            ToolsJson = toolsJson,
            ToolChoiceJson = choiceJson,
            ParallelToolCalls = parallel,
            ReasoningEffort = effort,
            ReasoningSummary = summary,
            HasReasoning = hasReasoning,
            MaxOutputTokens = maxOutput,
            Temperature = temperature,
            TopP = topP,
            MetadataJson = metadata,
            Store = store ?? true,
            Stream = stream ?? false,
            PreviousResponseId = previous,
            User = user,
        };
        return null;
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

    private static OpenAiError? ReadOptionalString(JsonElement root, string name, out string? text)
    {
        text = null;
        if (!ChatRequestJson.TryGetValue(root, name, out var value))
        {
            return null;
        }

        var error = ChatRequestJson.ReadString(value, name, out var read);
        text = read;
        return error;
    }

    private static OpenAiError? ReadReasoning(JsonElement root, out bool present, out string? effort, out string? summary)
    {
        present = false;
        effort = null;
        summary = null;
        if (!ChatRequestJson.TryGetValue(root, "reasoning", out var reasoning))
        {
            return null;
        }

        if (reasoning.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType("reasoning", "an object", reasoning.ValueKind);
        }

        present = true;
        if (ChatRequestJson.TryGetValue(reasoning, "effort", out var effortValue))
        {
            if (ChatRequestJson.ReadString(effortValue, "reasoning.effort", out var text) is { } error)
            {
                return error;
            }

            if (text is not ("none" or "minimal" or "low" or "medium" or "high" or "xhigh"))
            {
                return ChatRequestErrors.InvalidValue("reasoning.effort", text, SupportedEfforts);
            }

            effort = text;
        }

        // generate_summary is the older name of summary.
        foreach (var name in (ReadOnlySpan<string>)["generate_summary", "summary"])
        {
            if (!ChatRequestJson.TryGetValue(reasoning, name, out var summaryValue))
            {
                continue;
            }

            var param = "reasoning." + name;
            if (ChatRequestJson.ReadString(summaryValue, param, out var text) is { } error)
            {
                return error;
            }

            if (text is not ("auto" or "concise" or "detailed"))
            {
                return ChatRequestErrors.InvalidValue(param, text, SupportedSummaries);
            }

            summary = text;
        }

        return null;
    }

    private static OpenAiError? ReadMaxOutputTokens(JsonElement root, out int? tokens)
    {
        tokens = null;
        if (!ChatRequestJson.TryGetValue(root, "max_output_tokens", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return ChatRequestErrors.InvalidType("max_output_tokens", "an integer", value.ValueKind);
        }

        if (!value.TryGetInt32(out var parsed) || parsed <= 0)
        {
            return ResponsesRequestErrors.InvalidMaxOutputTokens();
        }

        tokens = parsed;
        return null;
    }

    private static OpenAiError? ReadMetadata(JsonElement root, out string? json)
    {
        json = null;
        if (!ChatRequestJson.TryGetValue(root, "metadata", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType("metadata", "an object", value.ValueKind);
        }

        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (++count > MaxMetadataKeys || property.Name.Length > 64 || property.Value.ValueKind != JsonValueKind.String
                || property.Value.GetString()!.Length > 512)
            {
                return ResponsesRequestErrors.InvalidMetadata();
            }
        }

        json = value.GetRawText();
        return null;
    }
}
