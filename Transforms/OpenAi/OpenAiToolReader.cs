using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>
/// The tool reading that chat and Responses share: the function name rule, the <c>tools</c> array
/// (each item read by the protocol's own reader, names unique) and a function's optional
/// <c>description</c> and <c>parameters</c> (a JSON schema object, kept as its raw text, <c>{}</c> when
/// absent). Which fields hold the name, and the errors about names, stay with each protocol. Pure and
/// thread-safe.
/// </summary>
internal static class OpenAiToolReader
{
    /// <summary>The longest function name OpenAI (and Anthropic) accept.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Reads one item of <c>tools</c> at <paramref name="param"/>.</summary>
    public delegate OpenAiError? ItemReader(JsonElement item, string param, out ToolDefinition? tool);

    /// <summary>Whether <paramref name="name"/> is a valid function name: 1 to 64 of a-z, A-Z, 0-9, <c>_</c> and <c>-</c>.</summary>
    /// <param name="name">The name.</param>
    public static bool IsValidName(string name)
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

    /// <summary>
    /// Reads <c>tools</c>: absent or null gives no definitions (and <paramref name="array"/> undefined),
    /// otherwise an array whose items <paramref name="readItem"/> reads; a name given twice is the error
    /// <paramref name="duplicate"/> makes of the item's parameter path and the name.
    /// </summary>
    public static OpenAiError? ReadTools(JsonElement root, ItemReader readItem, Func<string, string, OpenAiError> duplicate, out List<ToolDefinition> definitions, out JsonElement array)
    {
        definitions = [];
        if (!ChatRequestJson.TryGetValue(root, "tools", out array))
        {
            array = default;
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType("tools", "an array", array.ValueKind);
        }

        definitions = new List<ToolDefinition>(array.GetArrayLength());
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var param = ChatMessageReader.Index("tools", index++);
            if (readItem(item, param, out var tool) is { } error)
            {
                return error;
            }

            if (!names.Add(tool!.Name))
            {
                return duplicate(param, tool.Name);
            }

            definitions.Add(tool);
        }

        return null;
    }

    /// <summary>
    /// The definition of the function <paramref name="name"/> described by <paramref name="function"/>
    /// (at <paramref name="param"/>): its optional string <c>description</c> and optional object <c>parameters</c>.
    /// </summary>
    public static OpenAiError? ReadFunction(JsonElement function, string param, string name, out ToolDefinition? tool)
    {
        tool = null;
        string? description = null;
        if (ChatRequestJson.TryGetValue(function, "description", out var descriptionValue)
            && ChatRequestJson.ReadString(descriptionValue, param + ".description", out description) is { } descriptionError)
        {
            return descriptionError;
        }

        var parameters = "{}";
        if (ChatRequestJson.TryGetValue(function, "parameters", out var schema))
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return ChatRequestErrors.InvalidType(param + ".parameters", "a JSON schema object", schema.ValueKind);
            }

            parameters = schema.GetRawText();
        }

        tool = new ToolDefinition(name, description, parameters);
        return null;
    }
}
