namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads the tool parameters of a chat request into a neutral <see cref="ToolSet"/>:
/// <c>tools</c> (functions only: a name of 1 to 64 letters, digits, <c>_</c> or <c>-</c>, unique; an
/// optional string <c>description</c>; an optional object <c>parameters</c>, kept as its raw JSON text),
/// <c>tool_choice</c> (<c>none</c>, <c>auto</c>, <c>required</c>, or
/// <c>{"type":"function","function":{"name":…}}</c> naming an offered tool) and
/// <c>parallel_tool_calls</c> (default true). The legacy <c>functions</c> and <c>function_call</c>
/// parameters are refused with a 400 that names their replacement.
/// </summary>
/// <remarks>
/// Absent, null or an empty <c>tools</c> array means no tools: <c>tool_choice</c> may then be
/// <c>none</c> or <c>auto</c> (nothing to choose from, so they change nothing), while <c>required</c>
/// or a named function is a 400.
/// </remarks>
internal static class ChatToolReader
{
    private const string SupportedChoices = "'none', 'auto', 'required' and {\"type\":\"function\",\"function\":{\"name\":\"...\"}}";

    public static OpenAiError? Read(JsonElement root, out ToolSet? tools)
    {
        tools = null;
        if (RefuseLegacy(root) is { } legacy)
        {
            return legacy;
        }

        if (OpenAiToolReader.ReadTools(root, ReadTool, static (param, name) => ChatRequestErrors.DuplicateToolName(param + ".function.name", name), out var definitions, out _) is { } toolsError)
        {
            return toolsError;
        }

        if (ReadChoice(root, definitions, out var choice, out var required) is { } choiceError)
        {
            return choiceError;
        }

        if (ChatRequestJson.ReadOptionalBoolean(root, "parallel_tool_calls", "parallel_tool_calls", out var parallel) is { } parallelError)
        {
            return parallelError;
        }

        if (definitions.Count > 0)
        {
            tools = new ToolSet(definitions, choice, required, parallel ?? true);
        }

        return null;
    }

    private static OpenAiError? RefuseLegacy(JsonElement root)
    {
        if (ChatRequestJson.TryGetValue(root, "functions", out _))
        {
            return ChatRequestErrors.LegacyFunctions("functions", "tools", "send each function as {\"type\":\"function\",\"function\":{...}} in 'tools'.");
        }

        return ChatRequestJson.TryGetValue(root, "function_call", out _)
            ? ChatRequestErrors.LegacyFunctions("function_call", "tool_choice", "send 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":\"...\"}} in 'tool_choice'.")
            : null;
    }

    private static OpenAiError? ReadTool(JsonElement item, string param, out ToolDefinition? tool)
    {
        tool = null;
        if (ChatRequestJson.ReadKindedObject(item, "type", param, out var type, out var typeParam) is { } typeError)
        {
            return typeError;
        }

        if (type != "function")
        {
            return ChatRequestErrors.InvalidValue(typeParam, type, "'function'");
        }

        var functionParam = param + ".function";
        if (ChatRequestJson.ReadRequiredObject(item, "function", functionParam, "an object with a 'name'", out var function) is { } functionError)
        {
            return functionError;
        }

        var nameParam = functionParam + ".name";
        if (ChatRequestJson.ReadRequiredString(function, "name", nameParam, out var name) is { } nameError)
        {
            return nameError;
        }

        if (!OpenAiToolReader.IsValidName(name))
        {
            return ChatRequestErrors.InvalidToolName(nameParam, name);
        }

        return OpenAiToolReader.ReadFunction(function, functionParam, name, out tool);
    }

    private static OpenAiError? ReadChoice(JsonElement root, List<ToolDefinition> tools, out ToolChoiceMode choice, out string? required)
    {
        choice = ToolChoiceMode.Auto;
        required = null;
        if (!ChatRequestJson.TryGetValue(root, "tool_choice", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(value, "tool_choice", out var text) is { } textError)
            {
                return textError;
            }

            switch (text)
            {
                case "none":
                    choice = ToolChoiceMode.None;
                    return null;
                case "auto":
                    return null;
                case "required":
                    choice = ToolChoiceMode.Required;
                    return tools.Count == 0 ? ChatRequestErrors.ChoiceWithoutTools("tool_choice", "'required'") : null;
                default:
                    return ChatRequestErrors.InvalidValue("tool_choice", text, SupportedChoices);
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
            return ChatRequestErrors.InvalidValue("tool_choice.type", type, "'function'");
        }

        if (ChatRequestJson.ReadRequiredObject(value, "function", "tool_choice.function", "an object with a 'name'", out var function) is { } functionError)
        {
            return functionError;
        }

        if (ChatRequestJson.ReadRequiredString(function, "name", "tool_choice.function.name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (tools.Count == 0)
        {
            return ChatRequestErrors.ChoiceWithoutTools("tool_choice", "a named function");
        }

        if (!tools.Exists(t => string.Equals(t.Name, name, StringComparison.Ordinal)))
        {
            return ChatRequestErrors.UnknownChosenTool("tool_choice.function.name", name);
        }

        choice = ToolChoiceMode.Function;
        required = name;
        return null;
    }
}
