using Grok2Api.Transforms.OpenAi;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// Reads <c>tools</c> and <c>tool_choice</c> into a <see cref="ToolSet"/>. Client tools only: a tool
/// with a <c>type</c> other than <c>custom</c> is one of Anthropic's server tools (web search, code
/// execution, computer use…), which the gateway cannot run: 400. <c>tool_choice</c>: <c>auto</c>,
/// <c>any</c> (a call is required), <c>tool</c> (the named tool is required) or <c>none</c>, with
/// <c>disable_parallel_tool_use</c>.
/// </summary>
internal static class AnthropicToolReader
{
    public static AnthropicError? Read(JsonElement root, out ToolSet? tools)
    {
        tools = null;
        var definitions = new List<ToolDefinition>();
        if (AnthropicJson.TryGet(root, "tools", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return AnthropicJson.WrongType("tools", "an array", list.ValueKind);
            }

            var index = 0;
            foreach (var tool in list.EnumerateArray())
            {
                var path = AnthropicJson.Index("tools", index++);
                if (ReadTool(tool, path, out var definition) is { } toolError)
                {
                    return toolError;
                }

                if (definitions.Exists(d => d.Name == definition!.Name))
                {
                    return AnthropicJson.Invalid(path + ".name", $"Tool names must be unique: '{definition!.Name}' is given twice");
                }

                definitions.Add(definition!);
            }
        }

        if (ReadChoice(root, definitions, out var choice, out var required, out var parallel) is { } choiceError)
        {
            return choiceError;
        }

        if (definitions.Count > 0)
        {
            tools = new ToolSet(definitions, choice, required, parallel);
        }

        return null;
    }

    private static AnthropicError? ReadTool(JsonElement tool, string path, out ToolDefinition? definition)
    {
        definition = null;
        if (tool.ValueKind != JsonValueKind.Object)
        {
            return AnthropicJson.WrongType(path, "an object", tool.ValueKind);
        }

        if (AnthropicJson.TryGet(tool, "type", out var typeValue))
        {
            if (AnthropicJson.String(typeValue, path + ".type", out var type) is { } typeError)
            {
                return typeError;
            }

            if (type != "custom")
            {
                return AnthropicJson.Invalid(path + ".type", $"the server tool '{AnthropicJson.Echo(type)}' is not supported by this gateway; only client tools (name, description, input_schema) are");
            }
        }

        if (AnthropicJson.RequiredString(tool, "name", path + ".name", out var name) is { } nameError)
        {
            return nameError;
        }

        if (!OpenAiToolReader.IsValidName(name))
        {
            return AnthropicJson.Invalid(path + ".name", $"String should match pattern '^[a-zA-Z0-9_-]{{1,{OpenAiToolReader.MaxNameLength}}}$'");
        }

        string? description = null;
        if (AnthropicJson.TryGet(tool, "description", out var descriptionValue))
        {
            if (AnthropicJson.String(descriptionValue, path + ".description", out var text) is { } descriptionError)
            {
                return descriptionError;
            }

            description = text;
        }

        if (AnthropicJson.RequiredObject(tool, "input_schema", path + ".input_schema", out var schema) is { } schemaError)
        {
            return schemaError;
        }

        definition = new ToolDefinition(name, description, schema.GetRawText());
        return null;
    }

    private static AnthropicError? ReadChoice(JsonElement root, List<ToolDefinition> definitions, out ToolChoiceMode choice, out string? required, out bool parallel)
    {
        choice = ToolChoiceMode.Auto;
        required = null;
        parallel = true;
        if (!AnthropicJson.TryGet(root, "tool_choice", out var value))
        {
            return null;
        }

        if (AnthropicJson.TypedObject(value, "tool_choice", out var type) is { } typeError)
        {
            return typeError;
        }

        switch (type)
        {
            case "auto":
                break;
            case "none":
                choice = ToolChoiceMode.None;
                break;
            case "any":
                choice = ToolChoiceMode.Required;
                break;
            case "tool":
                if (AnthropicJson.RequiredString(value, "name", "tool_choice.name", out var name) is { } nameError)
                {
                    return nameError;
                }

                if (!definitions.Exists(d => d.Name == name))
                {
                    return AnthropicJson.Invalid("tool_choice.name", $"the tool '{AnthropicJson.Echo(name)}' is not in 'tools'");
                }

                choice = ToolChoiceMode.Function;
                required = name;
                break;
            default:
                return AnthropicJson.Invalid("tool_choice.type", $"Input should be 'auto', 'any', 'tool' or 'none', not '{AnthropicJson.Echo(type)}'");
        }

        if (choice is ToolChoiceMode.Required && definitions.Count == 0)
        {
            return AnthropicJson.Invalid("tool_choice", "'any' needs at least one tool in 'tools'");
        }

        if (AnthropicJson.OptionalBoolean(value, "disable_parallel_tool_use", out var disable, "tool_choice.disable_parallel_tool_use") is { } flagError)
        {
            return flagError;
        }

        parallel = disable != true;
        return null;
    }
}
