using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[cache]</c> section: the local media cache.</summary>
public sealed record CacheSection
{
    /// <summary>Whether the cache is trimmed automatically. Default <c>true</c>.</summary>
    public bool EnableAutoClean { get; init; } = true;

    /// <summary>Size limit of the cache in MB; trimming goes down to 80 % of it. Default 1024.</summary>
    [Range(1, 10_000_000)]
    public int LimitMb { get; init; } = 1024;
}
