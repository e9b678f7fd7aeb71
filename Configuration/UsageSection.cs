using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[usage]</c> section: quota re-sync (the rate-limits call).</summary>
public sealed record UsageSection
{
    /// <summary>Maximum simultaneous rate-limits calls. Default 10.</summary>
    [Range(1, 100000)]
    public int Concurrent { get; init; } = 10;

    /// <summary>Tokens per refresh batch. Default 50.</summary>
    [Range(1, 100000)]
    public int BatchSize { get; init; } = 50;

    /// <summary>Request timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 60;
}
