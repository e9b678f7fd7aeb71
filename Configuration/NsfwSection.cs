using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[nsfw]</c> section: the batch "enable NSFW" task.</summary>
public sealed record NsfwSection
{
    /// <summary>Maximum simultaneous requests. Default 10.</summary>
    [Range(1, 100000)]
    public int Concurrent { get; init; } = 10;

    /// <summary>Tokens per batch. Default 50.</summary>
    [Range(1, 100000)]
    public int BatchSize { get; init; } = 50;

    /// <summary>Request timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 60;
}
