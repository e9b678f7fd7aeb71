namespace Grok2Api.Transforms.Grok.Models;

/// <summary>One public model id and how it maps onto the upstream and the pool.</summary>
/// <param name="Id">The public OpenAI model id, e.g. <c>grok-4.1-fast</c>.</param>
/// <param name="UpstreamModelName">The upstream <c>modelName</c>.</param>
/// <param name="UpstreamModelMode">The upstream <c>modelMode</c>; <see langword="null"/> where the request sends JSON null.</param>
/// <param name="Tier">Which pools may serve it.</param>
/// <param name="Cost">Quota units one request takes (1 or 4).</param>
/// <param name="Capability">What it does.</param>
/// <param name="DisplayName">A human-readable name for listings.</param>
public sealed record ModelInfo(
    string Id,
    string UpstreamModelName,
    string? UpstreamModelMode,
    ModelTier Tier,
    int Cost,
    ModelCapability Capability,
    string DisplayName);
