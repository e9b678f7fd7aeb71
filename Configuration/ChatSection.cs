using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[chat]</c> section.</summary>
public sealed record ChatSection
{
    /// <summary>Maximum simultaneous upstream chat calls. Default 10.</summary>
    [Range(1, 100000)]
    public int Concurrent { get; init; } = 10;

    /// <summary>Longest wait, in seconds, for the upstream response to start. Default 60.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 60;

    /// <summary>Longest silence, in seconds, between upstream stream lines. Default 60.</summary>
    [Range(0.001, 86400)]
    public double StreamTimeout { get; init; } = 60;

    /// <summary>Longest wait, in seconds, for a free slot (<see cref="Concurrent"/> or a model limit) before the request is refused with 429. Default 10.</summary>
    [Range(0, 3600)]
    public double QueueTimeout { get; init; } = 10;

    /// <summary>Largest accepted request body of <c>/v1/chat/completions</c>, in MB (attachments sent inline count). Default 50.</summary>
    [Range(1, 2048)]
    public int MaxBodyMb { get; init; } = 50;

    /// <summary>Optional per-model limits of simultaneous upstream calls (model id = limit), on top of <see cref="Concurrent"/>. Default none.</summary>
    [EachInRange(1, 100000)]
    public IReadOnlyDictionary<string, int> ModelConcurrency { get; init; } = new Dictionary<string, int>();

    /// <summary>Value equality, including the entries of <see cref="ModelConcurrency"/> (a record compares a dictionary by reference).</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(ChatSection? other) =>
        other is not null
        && Concurrent == other.Concurrent
        && Timeout.Equals(other.Timeout)
        && StreamTimeout.Equals(other.StreamTimeout)
        && QueueTimeout.Equals(other.QueueTimeout)
        && MaxBodyMb == other.MaxBodyMb
        && SectionEquality.SameEntries(ModelConcurrency, other.ModelConcurrency);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Concurrent, Timeout, StreamTimeout, QueueTimeout, MaxBodyMb, ModelConcurrency.Count);
}
