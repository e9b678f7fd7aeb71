namespace Grok2Api.Transforms.Conversations;

/// <summary>A function the client offers the model (OpenAI <c>tools[].function</c>, Anthropic <c>tools[]</c>).</summary>
/// <param name="Name">The function's name, validated by the client's reader (letters, digits, <c>_</c> and <c>-</c>).</param>
/// <param name="Description">What it does, as the client wrote it; null when not given.</param>
/// <param name="ParametersJson">Its JSON-schema parameters as the client sent them (raw JSON text of an object); <c>{}</c> when not given.</param>
public sealed record ToolDefinition(string Name, string? Description, string ParametersJson);
