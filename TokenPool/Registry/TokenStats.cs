namespace Grok2Api.TokenPool.Registry;

/// <summary>Counts over a set of tokens (every pool, or one).</summary>
public sealed record TokenStats(
    int Total,
    int Active,
    int Cooling,
    int Expired,
    int Disabled,
    long TotalQuota,
    long TotalUseCount,
    int InFlight);
