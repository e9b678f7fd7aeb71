namespace Grok2Api.Configuration;

/// <summary>The <c>[nsfw]</c> section: the batch "enable NSFW" task.</summary>
public sealed record NsfwSection : BatchTaskSection;
