namespace Grok2Api.Proxy.Models;

/// <summary>Turns a model of the Grok catalogue into what the token pool selects by: a tier and a quota cost.</summary>
internal static class ModelTokenRequest
{
    /// <summary>The token request for one call of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="requiredTag">A tag the token must carry, or null.</param>
    /// <param name="preference">Which pool a basic-tier request tries first.</param>
    public static TokenRequest For(ModelInfo model, string? requiredTag = null, TokenPoolPreference preference = TokenPoolPreference.Default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tier = model.Tier == ModelTier.Super ? PoolTier.Super : PoolTier.Basic;
        return new TokenRequest(tier, model.Cost, requiredTag, preference);
    }
}
