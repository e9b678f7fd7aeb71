namespace Grok2Api.Configuration;

/// <summary>The <c>[usage]</c> section: quota re-sync (the rate-limits call).</summary>
public sealed record UsageSection : BatchTaskSection;
