namespace Grok2Api.TokenPool.Selection;

/// <summary>What a request needs from a token: the tier, the quota it will take and, optionally, a tag.</summary>
/// <remarks>A small immutable value; pass it with <c>in</c>.</remarks>
public readonly struct TokenRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="tier">Which pools may serve it.</param>
    /// <param name="cost">Quota units the request takes on success; at least 1.</param>
    /// <param name="requiredTag">A tag the token must carry (e.g. <see cref="TokenTags.Nsfw"/>), compared case-insensitively; null for none.</param>
    /// <param name="preference">Which pool a basic-tier request tries first.</param>
    public TokenRequest(PoolTier tier, int cost, string? requiredTag = null, TokenPoolPreference preference = TokenPoolPreference.Default)
    {
        Tier = tier;
        Cost = cost;
        RequiredTag = string.IsNullOrWhiteSpace(requiredTag) ? null : requiredTag;
        Preference = preference;
    }

    /// <summary>Which pools may serve the request.</summary>
    public PoolTier Tier { get; }

    /// <summary>Quota units the request takes on success; the token must have at least this much unreserved.</summary>
    public int Cost { get; }

    /// <summary>A tag the token must carry, or null.</summary>
    public string? RequiredTag { get; }

    /// <summary>Which pool a basic-tier request tries first.</summary>
    public TokenPoolPreference Preference { get; }
}
