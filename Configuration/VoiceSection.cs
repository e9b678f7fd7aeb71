using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[voice]</c> section.</summary>
public sealed record VoiceSection
{
    /// <summary>Voice (LiveKit token) request timeout in seconds. Default 120.</summary>
    [Range(0.001, 86400)]
    public double Timeout { get; init; } = 120;
}
