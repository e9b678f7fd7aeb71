using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>
/// The settings shared by the sections of batch tasks that call the upstream once per account
/// (<c>[nsfw]</c> and <c>[usage]</c>): calls at once, accounts per batch, and the time limit of a call.
/// </summary>
public abstract record BatchTaskSection
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
