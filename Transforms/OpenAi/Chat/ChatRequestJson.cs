namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Small readers over a parsed request. A property given twice resolves to its last occurrence
/// (<see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> matches the last one), as
/// most JSON parsers, Python's included, do.
/// </summary>
internal static class ChatRequestJson
{
    /// <summary>
    /// Parses a whole request body, which must be a JSON object whose strings all decode. Strict JSON:
    /// no comments, no trailing commas, the default depth limit of 64. Every string is checked before
    /// any is read: a property lookup decodes escaped names, so an unpaired surrogate anywhere would
    /// otherwise throw from an unrelated lookup. A contiguous body is not copied: the document refers to
    /// it. The caller disposes the document.
    /// </summary>
    /// <param name="utf8Json">The whole body, UTF-8 JSON.</param>
    /// <param name="document">The document, when the body is valid; null otherwise.</param>
    /// <returns>The 400 error, or null.</returns>
    public static OpenAiError? ParseBody(ReadOnlySequence<byte> utf8Json, out JsonDocument? document)
    {
        document = null;
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            return ChatRequestErrors.InvalidJson(e.LineNumber, e.BytePositionInLine);
        }

        var root = parsed.RootElement;
        var error = root.ValueKind != JsonValueKind.Object
            ? ChatRequestErrors.BodyNotObject(root.ValueKind)
            : ChatJsonStrings.FindUndecodable(utf8Json);
        if (error is not null)
        {
            parsed.Dispose();
            return error;
        }

        document = parsed;
        return null;
    }

    /// <summary>The property's value when present and not JSON null.</summary>
    public static bool TryGetValue(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Reads a string value, refusing text that cannot become a .NET string.</summary>
    public static OpenAiError? ReadString(JsonElement value, string param, out string text)
    {
        text = "";
        if (value.ValueKind != JsonValueKind.String)
        {
            return ChatRequestErrors.InvalidType(param, "a string", value.ValueKind);
        }

        try
        {
            text = value.GetString()!;
            return null;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 bytes or an escaped lone surrogate pass the parser and fail only here.
            return ChatRequestErrors.InvalidString(param);
        }
    }

    /// <summary>Reads a required string property: absent or null is a missing parameter.</summary>
    public static OpenAiError? ReadRequiredString(JsonElement obj, string name, string param, out string text, string? hint = null)
    {
        text = "";
        return TryGetValue(obj, name, out var value)
            ? ReadString(value, param, out text)
            : ChatRequestErrors.Missing(param, hint);
    }

    /// <summary>
    /// Reads an array item that must be an object with a required string property naming its kind
    /// (a message's <c>role</c>, a content part's <c>type</c>); errors name <paramref name="param"/> or
    /// <paramref name="param"/>.<paramref name="name"/>.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="name">The property naming its kind.</param>
    /// <param name="param">The item's parameter path, such as <c>messages[0]</c>.</param>
    /// <param name="kind">The kind, or empty on an error.</param>
    /// <param name="kindParam">The parameter path of the property, for errors about its value.</param>
    public static OpenAiError? ReadKindedObject(JsonElement item, string name, string param, out string kind, out string kindParam)
    {
        kind = "";
        kindParam = param + "." + name;
        return item.ValueKind != JsonValueKind.Object
            ? ChatRequestErrors.InvalidType(param, "an object", item.ValueKind)
            : ReadRequiredString(item, name, kindParam, out kind);
    }

    /// <summary>Reads a required object property: absent or null is a missing parameter, another kind is named by <paramref name="expected"/>.</summary>
    public static OpenAiError? ReadRequiredObject(JsonElement obj, string name, string param, string expected, out JsonElement value)
    {
        if (!TryGetValue(obj, name, out value))
        {
            return ChatRequestErrors.Missing(param);
        }

        return value.ValueKind == JsonValueKind.Object ? null : ChatRequestErrors.InvalidType(param, expected, value.ValueKind);
    }

    /// <summary>Reads an optional boolean: absent or null gives null.</summary>
    public static OpenAiError? ReadOptionalBoolean(JsonElement obj, string name, string param, out bool? flag)
    {
        flag = null;
        if (!TryGetValue(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return ChatRequestErrors.InvalidType(param, "a boolean", value.ValueKind);
        }

        flag = value.GetBoolean();
        return null;
    }

    /// <summary>Reads an optional number in [min, max]: absent or null gives null.</summary>
    public static OpenAiError? ReadOptionalRange(JsonElement obj, string name, double min, double max, out double? number)
    {
        number = null;
        if (!TryGetValue(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return ChatRequestErrors.InvalidType(name, "a number", value.ValueKind);
        }

        // A literal beyond double's range reads as infinity, which fails the range check.
        if (!value.TryGetDouble(out var parsed))
        {
            parsed = double.PositiveInfinity;
        }

        if (!(parsed <= max))
        {
            return ChatRequestErrors.AboveMax(name, max, parsed);
        }

        if (parsed < min)
        {
            return ChatRequestErrors.BelowMin(name, min, parsed);
        }

        number = parsed;
        return null;
    }

    /// <summary>Reads an optional object, kept as a detached copy: absent or null gives null.</summary>
    public static OpenAiError? ReadOptionalObject(JsonElement obj, string name, out JsonElement? copy)
    {
        copy = null;
        if (!TryGetValue(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return ChatRequestErrors.InvalidType(name, "an object", value.ValueKind);
        }

        copy = value.Clone();
        return null;
    }
}
