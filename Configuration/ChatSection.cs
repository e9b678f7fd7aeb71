using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[chat]</c> section: chat completions (<see cref="StreamedCallSection.Concurrent"/> upstream chat calls at once).</summary>
public sealed record ChatSection : StreamedCallSection
{
    /// <summary>Longest wait, in seconds, for a free slot (<see cref="StreamedCallSection.Concurrent"/> or a model limit) before the request is refused with 429. Default 10.</summary>
    [Range(0, 3600)]
    public double QueueTimeout { get; init; } = 10;

    /// <summary>Largest accepted request body of <c>/v1/chat/completions</c>, in MB (attachments sent inline count). Default 50.</summary>
    [Range(1, 2048)]
    public int MaxBodyMb { get; init; } = 50;

    /// <summary>Most attachments (images, audio, files) one chat request may carry; more is a 400. Default 10.</summary>
    [Range(0, 1000)]
    public int MaxAttachments { get; init; } = 10;

    /// <summary>
    /// Request bodies, in MB, that chat requests may hold in memory at once across the process. A
    /// request whose body does not fit waits up to <see cref="QueueTimeout"/>, then gets 503. Default 256.
    /// </summary>
    [Range(1, 65536)]
    public int MaxInflightMb { get; init; } = 256;

    /// <summary>Optional per-model limits of simultaneous upstream calls (model id = limit), on top of <see cref="StreamedCallSection.Concurrent"/>. Default none.</summary>
    [EachInRange(1, 100000)]
    public IReadOnlyDictionary<string, int> ModelConcurrency { get; init; } = new Dictionary<string, int>();

    /// <summary>Value equality, including the entries of <see cref="ModelConcurrency"/> (a record compares a dictionary by reference).</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(ChatSection? other) =>
        other is not null
        && base.Equals(other)
        && QueueTimeout.Equals(other.QueueTimeout)
        && MaxBodyMb == other.MaxBodyMb
        && MaxAttachments == other.MaxAttachments
        && MaxInflightMb == other.MaxInflightMb
        && SectionEquality.SameEntries(ModelConcurrency, other.ModelConcurrency);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), QueueTimeout, MaxBodyMb, MaxAttachments, MaxInflightMb, ModelConcurrency.Count);
}
