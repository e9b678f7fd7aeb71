namespace Grok2Api.Configuration;

/// <summary>The <c>[video]</c> section: video generations (<see cref="StreamedCallSection.Concurrent"/> of them at once).</summary>
public sealed record VideoSection : StreamedCallSection;
