using System.Text.Json.Serialization;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>The body of an OpenAI error: <c>{"error":{"message","type","param","code"}}</c>.</summary>
/// <param name="Error">The error details.</param>
public sealed record OpenAiErrorResponse([property: JsonPropertyName("error")] OpenAiError Error);

/// <summary>The details of an OpenAI error.</summary>
/// <param name="Message">A human-readable message; never contains tokens, keys or upstream bodies.</param>
/// <param name="Type">The error family, one of <see cref="OpenAiErrorTypes"/>.</param>
/// <param name="Param">The request parameter at fault, when there is one.</param>
/// <param name="Code">A machine-readable code, e.g. <c>model_not_found</c>.</param>
public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
