namespace Grok2Api.Transforms.Conversations;

/// <summary>How the client asked the model to answer; null means the client did not say.</summary>
/// <param name="Temperature">Sampling temperature (0 to 2).</param>
/// <param name="TopP">Nucleus sampling (0 to 1).</param>
/// <param name="ReasoningEffort">none, minimal, low, medium, high or xhigh; <c>none</c> hides the reasoning.</param>
public sealed record GenerationOptions(double? Temperature, double? TopP, string? ReasoningEffort);
