namespace Grok2Api.Transforms.Json;

/// <summary>
/// How a request error names the kind of JSON value it got (<c>an object</c>, <c>a string</c>, …):
/// one wording for the OpenAI and the Anthropic surfaces.
/// </summary>
internal static class JsonKindNames
{
    /// <summary>The kind with its article, as an error message quotes it.</summary>
    /// <param name="kind">The kind of the value.</param>
    /// <returns><c>nothing</c> for <see cref="JsonValueKind.Undefined"/> (no value at all).</returns>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
