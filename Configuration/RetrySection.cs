using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[retry]</c> section: retries of upstream calls.</summary>
public sealed record RetrySection
{
    /// <summary>Total attempts of one upstream call, and the number of tokens a request may try. Default 3.</summary>
    [Range(1, 100)]
    public int MaxRetry { get; init; } = 3;

    /// <summary>Upstream statuses that are retried, each 100..599. Default <c>[401, 429, 403]</c>.</summary>
    [EachInRange(100, 599)]
    public IReadOnlyList<int> RetryStatusCodes { get; init; } = [401, 429, 403];

    /// <summary>Base delay of the exponential backoff, in seconds. Default 0.5.</summary>
    [Range(0, 3600)]
    public double RetryBackoffBase { get; init; } = 0.5;

    /// <summary>Growth factor of the exponential backoff. Default 2.0.</summary>
    [Range(1, 100)]
    public double RetryBackoffFactor { get; init; } = 2.0;

    /// <summary>Longest single backoff delay, in seconds. Default 30.</summary>
    [Range(0, 3600)]
    public double RetryBackoffMax { get; init; } = 30.0;

    /// <summary>Longest total time, in seconds, one request may spend waiting between retries. Default 90.</summary>
    [Range(0, 86400)]
    public double RetryBudget { get; init; } = 90.0;

    /// <summary>Value equality, including the items of <see cref="RetryStatusCodes"/> (a record compares a list by reference).</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(RetrySection? other) =>
        other is not null
        && MaxRetry == other.MaxRetry
        && SectionEquality.SameItems(RetryStatusCodes, other.RetryStatusCodes)
        && RetryBackoffBase.Equals(other.RetryBackoffBase)
        && RetryBackoffFactor.Equals(other.RetryBackoffFactor)
        && RetryBackoffMax.Equals(other.RetryBackoffMax)
        && RetryBudget.Equals(other.RetryBudget);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(MaxRetry, RetryStatusCodes.Count, RetryBackoffBase, RetryBackoffFactor, RetryBackoffMax, RetryBudget);
}
