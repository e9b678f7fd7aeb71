namespace Grok2Api.Simulator.Assets;

/// <summary>What the assets host answers for one path: content, or a redirect.</summary>
/// <param name="Content">The body (empty for a redirect).</param>
/// <param name="ContentType">The Content-Type sent with the body.</param>
/// <param name="RedirectTo">When set, a 302 to this target (a path on the simulator or an absolute URL) instead of content.</param>
public sealed record SimulatedAsset(ReadOnlyMemory<byte> Content, string ContentType, string? RedirectTo = null);
