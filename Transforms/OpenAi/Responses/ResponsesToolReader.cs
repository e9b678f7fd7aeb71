using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// Reads <c>tools</c> (function tools only: <c>name</c>, <c>description</c>, <c>parameters</c>;
/// <c>strict</c> ignored; any other type is a 400), <c>tool_choice</c> (<c>none</c>, <c>auto</c>,
/// <c>required</c> or <c>{"type":"function","name":…}</c>) and <c>parallel_tool_calls</c>.
/// </summary>
internal static class ResponsesToolReader
{
    public static OpenAiError? Read(JsonElement root, out ToolSet? tools, out string? toolsJson, out string? choiceJson, out bool parallel)
    {
        tools = null;
        toolsJson = null;
        choiceJson = null;
        List<ToolDefinition> definitions = [];
        var error = ChatRequestJson.ReadOptionalBoolean(root, "parallel_tool_calls", "parallel_tool_calls", out var parallelFlag);
        parallel = parallelFlag ?? true;
        var array = default(JsonElement);
        error ??= OpenAiToolReader.ReadTools(root, ReadFunction, static (param, name) => ResponsesRequestErrors.DuplicateTool(param + ".name", name), out definitions, out array);
        if (error is not null)
        {
            return error;
        }

        toolsJson = array.ValueKind == JsonValueKind.Array ? array.GetRawText() : null;
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

    // One function tool: {"type":"function","name":…,"description"?,"parameters"?}.
    private static OpenAiError? ReadFunction(JsonElement tool, string param, out ToolDefinition? definition)
    {
        definition = null;
        if (ChatRequestJson.ReadKindedObject(tool, "type", param, out var type, out var typeParam) is { } typeError)
        {
            return typeError;
        }

        if (type != "function")
        {
            return ResponsesRequestErrors.UnsupportedToolType(typeParam, type);
        }

        if (ChatRequestJson.ReadRequiredString(tool, "name", param + ".name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (!OpenAiToolReader.IsValidName(name))
        {
            return ResponsesRequestErrors.InvalidToolName(param + ".name");
        }

        return OpenAiToolReader.ReadFunction(tool, param, name, out definition);
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
