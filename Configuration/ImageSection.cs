using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[image]</c> section: the Imagine WebSocket.</summary>
public sealed record ImageSection
{
    /// <summary>Overall limit of one generation, in seconds. Default 120.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 120;

    /// <summary>Longest silence between WebSocket frames, in seconds. Default 120.</summary>
    [Range(0.001, 86400)]
    public double StreamTimeout { get; init; } = 120;

    /// <summary>Seconds to wait for the final image after a medium one. Default 15.</summary>
    [Range(0.001, 86400)]
    public double FinalTimeout { get; init; } = 15;

    /// <summary>Whether generations ask for NSFW content. Default <c>true</c>.</summary>
    public bool Nsfw { get; init; } = true;

    /// <summary>Smallest blob length of a medium-quality frame. Default 30000.</summary>
    [Range(0, int.MaxValue)]
    public int MediumMinBytes { get; init; } = 30000;

    /// <summary>Smallest blob length of a final frame. Default 100000.</summary>
    [Range(0, int.MaxValue)]
    public int FinalMinBytes { get; init; } = 100000;
}
