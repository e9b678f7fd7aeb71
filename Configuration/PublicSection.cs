using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>
/// The <c>[public]</c> section: the guard of the public playground API (<c>/v1/public</c>, switched on by
/// <c>app.public_enabled</c>). Imagine and video sessions are counted in memory, per instance.
/// </summary>
public sealed record PublicSection
{
    /// <summary>Imagine and video sessions alive at once across every client, 1–1000. Default 4.</summary>
    [Range(1, 1000)]
    public int MaxSessions { get; init; } = 4;

    /// <summary>Imagine and video sessions alive at once per client IP address, 1–1000. Default 2.</summary>
    [Range(1, 1000)]
    public int MaxSessionsPerClient { get; init; } = 2;

    /// <summary>Seconds a session lives from its start (an Imagine loop ends then), 1–86400. Default 600.</summary>
    [Range(1, 86400)]
    public double SessionTtl { get; init; } = 600;
}
