using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// Reads <c>tools</c> (function tools only: <c>name</c>, <c>description</c>, <c>parameters</c>;
/// <c>strict</c> ignored; any other type is a 400), <c>tool_choice</c> (<c>none</c>, <c>auto</c>,
/// <c>required</c> or <c>{"type":"function","name":…}</c>) and <c>parallel_tool_calls</c>.
/// </summary>
internal static class ResponsesToolReader
{
    private const int MaxNameLength = 64;

    /// <summary>Whether <paramref name="name"/> is a valid function name: 1 to 64 letters, digits, <c>_</c> or <c>-</c>.</summary>
    public static bool IsToolName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static OpenAiError? Read(JsonElement root, out ToolSet? tools, out string? toolsJson, out string? choiceJson, out bool parallel)
    {
        tools = null;
        toolsJson = null;
        choiceJson = null;
        List<ToolDefinition> definitions = [];
        var error = ChatRequestJson.ReadOptionalBoolean(root, "parallel_tool_calls", "parallel_tool_calls", out var parallelFlag);
        parallel = parallelFlag ?? true;
        error ??= ReadTools(root, out definitions, out toolsJson);
        if (error is not null)
        {
            return error;
        }

        var choice = definitions.Count > 0 ? ToolChoiceMode.Auto : ToolChoiceMode.None;
        string? required = null;
        if (ChatRequestJson.TryGetValue(root, "tool_choice", out var value))
        {
            choiceJson = value.GetRawText();
            if (ReadChoice(value, definitions, out choice, out required) is { } choiceError)
            {
                return choiceError;
            }
        }

        tools = definitions.Count > 0 ? new ToolSet(definitions, choice, required, parallel) : null;
        return null;
    }

    private static OpenAiError? ReadTools(JsonElement root, out List<ToolDefinition> definitions, out string? json)
    {
        definitions = [];
        json = null;
        if (!ChatRequestJson.TryGetValue(root, "tools", out var array))
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType("tools", "an array", array.ValueKind);
        }

        var index = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in array.EnumerateArray())
        {
            var param = ChatMessageReader.Index("tools", index++);
            if (ChatRequestJson.ReadKindedObject(tool, "type", param, out var type, out var typeParam) is { } typeError)
            {
                return typeError;
            }

            if (type != "function")
            {
                return ResponsesRequestErrors.UnsupportedToolType(typeParam, type);
            }

            if (ReadFunction(tool, param, out var definition) is { } functionError)
            {
                return functionError;
            }

            if (!names.Add(definition!.Name))
            {
                return ResponsesRequestErrors.DuplicateTool(param + ".name", definition.Name);
            }

            definitions.Add(definition);
        }

        json = array.GetRawText();
        return null;
    }

    private static OpenAiError? ReadFunction(JsonElement tool, string param, out ToolDefinition? definition)
    {
        definition = null;
        if (ChatRequestJson.ReadRequiredString(tool, "name", param + ".name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (!IsToolName(name))
        {
            return ResponsesRequestErrors.InvalidToolName(param + ".name");
        }

        string? description = null;
        if (ChatRequestJson.TryGetValue(tool, "description", out var descriptionValue)
            && ChatRequestJson.ReadString(descriptionValue, param + ".description", out description) is { } descriptionError)
        {
            return descriptionError;
        }

        var parameters = "{}";
        if (ChatRequestJson.TryGetValue(tool, "parameters", out var schema))
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return ChatRequestErrors.InvalidType(param + ".parameters", "a JSON schema object", schema.ValueKind);
            }

            parameters = schema.GetRawText();
        }

        definition = new ToolDefinition(name, description, parameters);
        return null;
    }

    private static OpenAiError? ReadChoice(JsonElement value, List<ToolDefinition> definitions, out ToolChoiceMode choice, out string? required)
    {
        choice = ToolChoiceMode.Auto;
        required = null;
        if (value.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(value, "tool_choice", out var mode) is { } modeError)
            {
                return modeError;
            }

            switch (mode)
            {
                case "none":
                    choice = ToolChoiceMode.None;
                    return null;
                case "auto":
                    choice = definitions.Count > 0 ? ToolChoiceMode.Auto : ToolChoiceMode.None;
                    return null;
                case "required":
                    choice = ToolChoiceMode.Required;
                    return definitions.Count > 0 ? null : ResponsesRequestErrors.InvalidToolChoice("'required' needs at least one function in 'tools'.");
                default:
                    return ChatRequestErrors.InvalidValue("tool_choice", mode, "'none', 'auto', 'required' and {\"type\":\"function\",\"name\":…}");
            }
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType("tool_choice", "a string or an object", value.ValueKind);
        }

        if (ChatRequestJson.ReadRequiredString(value, "type", "tool_choice.type", out var type) is { } typeError)
        {
            return typeError;
        }

        if (type != "function")
        {
            return ResponsesRequestErrors.UnsupportedToolType("tool_choice.type", type);
        }

        if (ChatRequestJson.ReadRequiredString(value, "name", "tool_choice.name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (!definitions.Exists(d => d.Name == name))
        {
            return ResponsesRequestErrors.InvalidToolChoice($"the function '{ChatRequestErrors.Echo(name)}' is not one of the request's tools.");
        }

        choice = ToolChoiceMode.Function;
        required = name;
        return null;
    }
}
