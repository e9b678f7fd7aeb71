namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads <c>messages</c>: a non-empty array of objects with a supported <c>role</c> and a
/// <c>content</c> that is a string or an array of blocks. Assistant messages may have no content
/// (null or absent, e.g. a turn that only carried <c>tool_calls</c>); they then contribute no
/// text. An assistant's <c>tool_calls</c> (each with an <c>id</c>, type <c>function</c>, a
/// <c>function.name</c> and <c>function.arguments</c>, a string holding a JSON object) become its
/// <see cref="ConversationMessage.ToolCalls"/>; a <c>tool</c> message needs a <c>tool_call_id</c> and a
/// content of text. The legacy <c>function</c> role is refused. Other message fields (<c>name</c>,
/// <c>refusal</c>, <c>function_call</c>, ...) are ignored.
/// </summary>
internal static class ChatMessageReader
{
    private const string SupportedRoles = "'developer', 'system', 'user', 'assistant' and 'tool'";
    private static readonly JsonDocumentOptions ArgumentOptions = new() { MaxDepth = 64 };

    public static OpenAiError? Read(JsonElement root, ReadOnlyMemory<byte> body, out IReadOnlyList<ConversationMessage> messages)
    {
        messages = [];
        if (!ChatRequestJson.TryGetValue(root, "messages", out var array))
        {
            return ChatRequestErrors.Missing("messages");
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType("messages", "an array", array.ValueKind);
        }

        var list = new List<ConversationMessage>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (ReadMessage(item, Index("messages", index), body, out var message) is { } error)
            {
                return error;
            }

            list.Add(message!);
            index++;
        }

        if (list.Count == 0)
        {
            return ChatRequestErrors.EmptyArray("messages");
        }

        messages = list;
        return null;
    }

    internal static string Index(string param, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{param}[{index}]");

    private static OpenAiError? ReadMessage(JsonElement item, string param, ReadOnlyMemory<byte> body, out ConversationMessage? message)
    {
        message = null;
        if (ChatRequestJson.ReadKindedObject(item, "role", param, out var role, out var roleParam) is { } roleError)
        {
            return roleError;
        }

        if (!ChatRoles.IsSupported(role))
        {
            return role == "function"
                ? ChatRequestErrors.FunctionRole(roleParam)
                : ChatRequestErrors.InvalidValue(roleParam, role, SupportedRoles);
        }

        if (ReadContent(item, role, param + ".content", body, out var parts) is { } contentError)
        {
            return contentError;
        }

        if (role == ChatRoles.Tool)
        {
            if (ChatRequestJson.ReadRequiredString(item, "tool_call_id", param + ".tool_call_id", out var callId) is { } idError)
            {
                return idError;
            }

            if (callId.Length == 0)
            {
                return ChatRequestErrors.Missing(param + ".tool_call_id", "a tool message answers the assistant's call with this id.");
            }

            message = new ConversationMessage(role, parts) { ToolCallId = callId };
            return null;
        }

        IReadOnlyList<ToolCall> calls = [];
        if (role == ChatRoles.Assistant && ReadToolCalls(item, param + ".tool_calls", out calls) is { } callsError)
        {
            return callsError;
        }

        message = new ConversationMessage(role, parts) { ToolCalls = calls };
        return null;
    }

    private static OpenAiError? ReadToolCalls(JsonElement item, string param, out IReadOnlyList<ToolCall> calls)
    {
        calls = [];
        if (!ChatRequestJson.TryGetValue(item, "tool_calls", out var array))
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType(param, "an array", array.ValueKind);
        }

        var list = new List<ToolCall>(array.GetArrayLength());
        var index = 0;
        foreach (var entry in array.EnumerateArray())
        {
            if (ReadToolCall(entry, Index(param, index), out var call) is { } error)
            {
                return error;
            }

            list.Add(call!);
            index++;
        }

        calls = list;
        return null;
    }

    private static OpenAiError? ReadToolCall(JsonElement entry, string param, out ToolCall? call)
    {
        call = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType(param, "an object", entry.ValueKind);
        }

        var idParam = param + ".id";
        if (ChatRequestJson.ReadRequiredString(entry, "id", idParam, out var id) is { } idError)
        {
            return idError;
        }

        if (id.Length == 0)
        {
            return ChatRequestErrors.Missing(idParam);
        }

        if (ChatRequestJson.TryGetValue(entry, "type", out var typeValue))
        {
            if (ChatRequestJson.ReadString(typeValue, param + ".type", out var type) is { } typeError)
            {
                return typeError;
            }

            if (type != "function")
            {
                return ChatRequestErrors.InvalidValue(param + ".type", type, "'function'");
            }
        }

        var functionParam = param + ".function";
        if (ChatRequestJson.ReadRequiredObject(entry, "function", functionParam, "an object with 'name' and 'arguments'", out var function) is { } functionError)
        {
            return functionError;
        }

        var nameParam = functionParam + ".name";
        if (ChatRequestJson.ReadRequiredString(function, "name", nameParam, out var name) is { } nameError)
        {
            return nameError;
        }

        if (name.Length == 0)
        {
            return ChatRequestErrors.Missing(nameParam);
        }

        var argumentsParam = functionParam + ".arguments";
        if (ChatRequestJson.ReadRequiredString(function, "arguments", argumentsParam, out var arguments) is { } argumentsError)
        {
            return argumentsError;
        }

        if (string.IsNullOrWhiteSpace(arguments))
        {
            arguments = "{}";
        }
        else if (!IsJsonObject(arguments))
        {
            return ChatRequestErrors.ArgumentsNotObject(argumentsParam);
        }

        call = new ToolCall(id, name, arguments);
        return null;
    }

    // The arguments go into the prompt as the JSON of the call block, so they must be one JSON object.
    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, ArgumentOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static OpenAiError? ReadContent(JsonElement item, string role, string param, ReadOnlyMemory<byte> body, out IReadOnlyList<ConversationPart> parts)
    {
        parts = [];
        if (!ChatRequestJson.TryGetValue(item, "content", out var content))
        {
            return role == ChatRoles.Assistant
                ? null
                : ChatRequestErrors.Missing(param, "only assistant messages may have no content.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(content, param, out var text) is { } textError)
            {
                return textError;
            }

            parts = [new ConversationPart(ConversationPartKind.Text, text, null, null, param)];
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType(param, "a string or an array of content parts", content.ValueKind);
        }

        var list = new List<ConversationPart>(content.GetArrayLength());
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (ChatContentPartReader.Read(block, role, Index(param, index), body, out var part) is { } blockError)
            {
                return blockError;
            }

            list.Add(part!);
            index++;
        }

        parts = list;
        return null;
    }
}
