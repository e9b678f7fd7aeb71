namespace Grok2Api.Proxy.Images;

/// <summary>How one Imagine session ended.</summary>
/// <param name="Finals">Finished images it delivered.</param>
/// <param name="Missing">Finished images it owed and did not deliver.</param>
/// <param name="Failure">Why images are missing (null when none are).</param>
internal sealed record ImagineSessionEnd(int Finals, int Missing, UpstreamFailure? Failure);
