using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[token]</c> section: the account pool.</summary>
public sealed record TokenSection
{
    /// <summary>Whether quotas are re-synced from the upstream on a schedule. Default <c>true</c>.</summary>
    public bool AutoRefresh { get; init; } = true;

    /// <summary>Re-sync interval of ssoBasic tokens, in hours. Default 8.</summary>
    [Range(0.0001, 8760)]
    public double RefreshIntervalHours { get; init; } = 8;

    /// <summary>Re-sync interval of ssoSuper tokens, in hours. Default 2.</summary>
    [Range(0.0001, 8760)]
    public double SuperRefreshIntervalHours { get; init; } = 2;

    /// <summary>Consecutive credential rejections after which a token becomes expired. Default 5.</summary>
    [Range(1, 1000)]
    public int FailThreshold { get; init; } = 5;

    /// <summary>Delay, in milliseconds, over which token changes are coalesced into one write. Default 500.</summary>
    [Range(0, 600000)]
    public int SaveDelayMs { get; init; } = 500;

    /// <summary>With a shared store, the longest time, in seconds, before another instance's changes are seen. Default 30.</summary>
    [Range(0, 86400)]
    public int ReloadIntervalSec { get; init; } = 30;
}
