namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// Reads <c>system</c> and <c>messages</c> into neutral messages (a <c>system</c> turn inside
/// <c>messages</c>, text only, is taken as a system message). A user turn's <c>tool_result</c>
/// blocks become <see cref="ConversationMessage.ToolRole"/> messages (with the name of the tool the
/// matching earlier <c>tool_use</c> called), in block order with the turn's other content; an assistant
/// turn's <c>tool_use</c> blocks become its <see cref="ConversationMessage.ToolCalls"/> (the input
/// object as raw JSON); <c>thinking</c> and <c>redacted_thinking</c> blocks are dropped (the upstream
/// cannot check them).
/// </summary>
internal static class AnthropicMessageReader
{
    private const string User = "user";
    private const string Assistant = "assistant";
    private const string SystemRole = "system";

    public static AnthropicError? ReadSystem(JsonElement root, List<ConversationMessage> messages)
    {
        if (!AnthropicJson.TryGet(root, "system", out var system))
        {
            return null;
        }

        if (system.ValueKind == JsonValueKind.String)
        {
            messages.Add(new ConversationMessage(SystemRole, [new ConversationPart(ConversationPartKind.Text, system.GetString(), null, null, "system")]));
            return null;
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            return AnthropicJson.WrongType("system", "a string or an array of text blocks", system.ValueKind);
        }

        if (ReadTextBlocks(system, "system", out var parts) is { } error)
        {
            return error;
        }

        if (parts.Count > 0)
        {
            messages.Add(new ConversationMessage("system", parts));
        }

        return null;
    }

    // An array of text blocks only (a system prompt).
    private static AnthropicError? ReadTextBlocks(JsonElement blocks, string path, out List<ConversationPart> parts)
    {
        parts = [];
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = AnthropicJson.Index(path, index++);
            if (AnthropicJson.TypedObject(block, blockPath, out var type) is { } typeError)
            {
                return typeError;
            }

            if (type != "text")
            {
                return AnthropicJson.Invalid(blockPath + ".type", $"Input should be 'text', not '{AnthropicJson.Echo(type)}'");
            }

            if (AnthropicContentReader.ReadText(block, blockPath, out var part) is { } error)
            {
                return error;
            }

            parts.Add(part!);
        }

        return null;
    }

    public static AnthropicError? ReadMessages(JsonElement root, List<ConversationMessage> messages)
    {
        if (!AnthropicJson.TryGet(root, "messages", out var list))
        {
            return AnthropicJson.Missing("messages");
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return AnthropicJson.WrongType("messages", "an array", list.ValueKind);
        }

        if (list.GetArrayLength() == 0)
        {
            return AnthropicJson.Invalid("messages", "at least one message is required");
        }

        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in list.EnumerateArray())
        {
            var path = AnthropicJson.Index("messages", index++);
            if (message.ValueKind != JsonValueKind.Object)
            {
                return AnthropicJson.WrongType(path, "an object", message.ValueKind);
            }

            if (AnthropicJson.RequiredString(message, "role", path + ".role", out var role) is { } roleError)
            {
                return roleError;
            }

            if (role is not (User or Assistant or SystemRole))
            {
                return AnthropicJson.Invalid(path + ".role", $"Input should be 'user', 'assistant' or 'system', not '{AnthropicJson.Echo(role)}'");
            }

            var contentPath = path + ".content";
            if (!AnthropicJson.TryGet(message, "content", out var content))
            {
                return AnthropicJson.Missing(contentPath);
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                messages.Add(new ConversationMessage(role, [new ConversationPart(ConversationPartKind.Text, content.GetString(), null, null, contentPath)]));
                continue;
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return AnthropicJson.WrongType(contentPath, "a string or an array of content blocks", content.ValueKind);
            }

            if (role == SystemRole)
            {
                if (ReadTextBlocks(content, contentPath, out var systemParts) is { } systemError)
                {
                    return systemError;
                }

                messages.Add(new ConversationMessage(SystemRole, systemParts));
                continue;
            }

            var error = role == User
                ? ReadUserBlocks(content, contentPath, callNames, messages)
                : ReadAssistantBlocks(content, contentPath, callNames, messages);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static AnthropicError? ReadUserBlocks(JsonElement blocks, string path, Dictionary<string, string> callNames, List<ConversationMessage> messages)
    {
        var parts = new List<ConversationPart>();
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = AnthropicJson.Index(path, index++);
            if (AnthropicJson.TypedObject(block, blockPath, out var type) is { } typeError)
            {
                return typeError;
            }

            AnthropicError? error;
            switch (type)
            {
                case "tool_result":
                    if (parts.Count > 0)
                    {
                        messages.Add(new ConversationMessage(User, parts));
                        parts = [];
                    }

                    error = ReadToolResult(block, blockPath, callNames, messages);
                    break;
                case "tool_use" or "thinking" or "redacted_thinking":
                    error = AnthropicJson.Invalid(blockPath + ".type", $"'{type}' blocks belong in assistant turns");
                    break;
                default:
                    if (!AnthropicContentReader.TryReadBlock(block, type, blockPath, parts, documents: true, out error))
                    {
                        error = AnthropicJson.Invalid(blockPath + ".type", $"Input should be 'text', 'image', 'document' or 'tool_result', not '{AnthropicJson.Echo(type)}'");
                    }

                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        if (parts.Count > 0)
        {
            messages.Add(new ConversationMessage(User, parts));
        }

        return null;
    }

    private static AnthropicError? ReadAssistantBlocks(JsonElement blocks, string path, Dictionary<string, string> callNames, List<ConversationMessage> messages)
    {
        var parts = new List<ConversationPart>();
        var calls = new List<ToolCall>();
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = AnthropicJson.Index(path, index++);
            if (AnthropicJson.TypedObject(block, blockPath, out var type) is { } typeError)
            {
                return typeError;
            }

            switch (type)
            {
                case "text":
                    if (AnthropicContentReader.ReadText(block, blockPath, out var part) is { } textError)
                    {
                        return textError;
                    }

                    parts.Add(part!);
                    break;
                case "tool_use":
                    if (ReadToolUse(block, blockPath, out var call) is { } callError)
                    {
                        return callError;
                    }

                    callNames[call!.Id] = call.Name;
                    calls.Add(call);
                    break;
                case "thinking" or "redacted_thinking":
                    // Earlier reasoning: not sent upstream (its signature cannot be checked there).
                    break;
                case "image" or "document" or "tool_result":
                    return AnthropicJson.Invalid(blockPath + ".type", $"'{type}' blocks belong in user turns");
                default:
                    return AnthropicJson.Invalid(blockPath + ".type", $"Input should be 'text', 'tool_use', 'thinking' or 'redacted_thinking', not '{AnthropicJson.Echo(type)}'");
            }
        }

        messages.Add(new ConversationMessage(Assistant, parts) { ToolCalls = calls });
        return null;
    }

    private static AnthropicError? ReadToolUse(JsonElement block, string path, out ToolCall? call)
    {
        call = null;
        if (AnthropicJson.RequiredString(block, "id", path + ".id", out var id) is { } idError)
        {
            return idError;
        }

        if (id.Length == 0)
        {
            return AnthropicJson.Invalid(path + ".id", "String should have at least 1 character");
        }

        if (AnthropicJson.RequiredString(block, "name", path + ".name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (name.Length == 0)
        {
            return AnthropicJson.Invalid(path + ".name", "String should have at least 1 character");
        }

        if (AnthropicJson.RequiredObject(block, "input", path + ".input", out var input) is { } inputError)
        {
            return inputError;
        }

        call = new ToolCall(id, name, input.GetRawText());
        return null;
    }

    private static AnthropicError? ReadToolResult(JsonElement block, string path, Dictionary<string, string> callNames, List<ConversationMessage> messages)
    {
        if (AnthropicJson.RequiredString(block, "tool_use_id", path + ".tool_use_id", out var id) is { } idError)
        {
            return idError;
        }

        if (!callNames.TryGetValue(id, out var name))
        {
            return AnthropicJson.Invalid(path + ".tool_use_id", $"no earlier assistant 'tool_use' block has the id '{AnthropicJson.Echo(id)}'");
        }

        if (AnthropicJson.OptionalBoolean(block, "is_error", out var isError, path + ".is_error") is { } flagError)
        {
            return flagError;
        }

        var parts = new List<ConversationPart>();
        var contentPath = path + ".content";
        if (AnthropicJson.TryGet(block, "content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                parts.Add(new ConversationPart(ConversationPartKind.Text, content.GetString(), null, null, contentPath));
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                if (AnthropicContentReader.ReadTextAndImages(content, contentPath, parts, documents: true) is { } error)
                {
                    return error;
                }
            }
            else
            {
                return AnthropicJson.WrongType(contentPath, "a string or an array of content blocks", content.ValueKind);
            }
        }

        messages.Add(new ConversationMessage(ConversationMessage.ToolRole, parts)
        {
            ToolCallId = id,
            ToolName = name,
            IsError = isError ?? false,
        });
        return null;
    }
}
