using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[video]</c> section: video generations (<see cref="StreamedCallSection.Concurrent"/> of them at once).</summary>
public sealed record VideoSection : StreamedCallSection
{
    /// <summary>
    /// Seconds a finished job of the Videos API (<c>/v1/videos</c>) is kept, counted from when it
    /// completed or failed; then it is forgotten. Default 3600.
    /// </summary>
    [Range(1, 30 * 86400)]
    public double JobRetention { get; init; } = 3600;
}
