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
    /// <param name="preferredTag">
    /// A tag the token should carry: tokens with it are tried first, any other token after them; null for none.
    /// Compared case-insensitively. Not together with <paramref name="requiredTag"/>.
    /// </param>
    /// <exception cref="ArgumentException">Both a required and a preferred tag were given.</exception>
    public TokenRequest(PoolTier tier, int cost, string? requiredTag = null, TokenPoolPreference preference = TokenPoolPreference.Default, string? preferredTag = null)
    {
        Tier = tier;
        Cost = cost;
        RequiredTag = string.IsNullOrWhiteSpace(requiredTag) ? null : requiredTag;
        PreferredTag = string.IsNullOrWhiteSpace(preferredTag) ? null : preferredTag;
        if (RequiredTag is not null && PreferredTag is not null)
        {
            throw new ArgumentException("A request has a required tag or a preferred tag, not both.", nameof(preferredTag));
        }

        Preference = preference;
    }

    /// <summary>Which pools may serve the request.</summary>
    public PoolTier Tier { get; }

    /// <summary>
    /// Quota units the request takes on success. A token with at least this much unreserved is
    /// preferred; when none has it, a token with less (but some) unreserved quota serves the request
    /// and reserves what it has.
    /// </summary>
    public int Cost { get; }

    /// <summary>A tag the token must carry, or null.</summary>
    public string? RequiredTag { get; }

    /// <summary>A tag the token should carry (tokens with it are tried first), or null.</summary>
    public string? PreferredTag { get; }

    /// <summary>Which pool a basic-tier request tries first.</summary>
    public TokenPoolPreference Preference { get; }
}
