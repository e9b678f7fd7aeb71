using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>
/// The limits shared by the sections of upstream calls answered as a stream (<c>[chat]</c> and
/// <c>[video]</c>): how many run at once, how long the answer may take to start, and how long the
/// stream may stay silent.
/// </summary>
public abstract record StreamedCallSection
{
    /// <summary>Maximum simultaneous upstream calls of this kind. Default 10.</summary>
    [Range(1, 100000)]
    public int Concurrent { get; init; } = 10;

    /// <summary>Longest wait, in seconds, for the upstream response to start. Default 60.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 60;

    /// <summary>Longest silence, in seconds, between upstream stream lines. Default 60.</summary>
    [Range(0.001, 86400)]
    public double StreamTimeout { get; init; } = 60;
}
