namespace Grok2Api.Proxy.Models;

/// <summary>
/// Turns a model of the Grok catalogue into what the token pool selects by: a tier, a quota cost
/// and, for an NSFW request, the <see cref="TokenTags.Nsfw"/> tag as a preference (docs/adr/0024).
/// </summary>
internal static class ModelTokenRequest
{
    /// <summary>The token request for one call of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="nsfw">
    /// Whether the request is NSFW (an Imagine generation or edit while <c>image.nsfw</c> is on, a
    /// <c>spicy</c> video): accounts tagged <see cref="TokenTags.Nsfw"/> are tried first, any other
    /// account after them.
    /// </param>
    /// <param name="preference">Which pool a basic-tier request tries first.</param>
    public static TokenRequest For(ModelInfo model, bool nsfw = false, TokenPoolPreference preference = TokenPoolPreference.Default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tier = model.Tier == ModelTier.Super ? PoolTier.Super : PoolTier.Basic;
        return new TokenRequest(tier, model.Cost, requiredTag: null, preference, nsfw ? TokenTags.Nsfw : null);
    }
}
