using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[video]</c> section.</summary>
public sealed record VideoSection
{
    /// <summary>Maximum simultaneous video generations. Default 10.</summary>
    [Range(1, 100000)]
    public int Concurrent { get; init; } = 10;

    /// <summary>Longest wait, in seconds, for the upstream response to start. Default 60.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 60;

    /// <summary>Longest silence, in seconds, between upstream stream lines. Default 60.</summary>
    [Range(0.001, 86400)]
    public double StreamTimeout { get; init; } = 60;
}
