using Grok2Api.Proxy.Models;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Proxy.Tests.Models;

public sealed class ModelTokenRequestTests
{
    [Theory]
    [InlineData("grok-3", PoolTier.Basic, 1)]
    [InlineData("grok-4-heavy", PoolTier.Super, 4)]
    [InlineData("grok-4.1-expert", PoolTier.Super, 4)]
    [InlineData("grok-4.1-thinking", PoolTier.Super, 4)]
    [InlineData("grok-4.1-fast", PoolTier.Basic, 1)]
    [InlineData("grok-imagine-1.0", PoolTier.Basic, 4)]
    public void For_CatalogModel_TierAndCostOfTheModel(string id, PoolTier tier, int cost)
    {
        Assert.True(GrokModelCatalog.TryGet(id, out var model));

        var request = ModelTokenRequest.For(model);

        Assert.Equal(tier, request.Tier);
        Assert.Equal(cost, request.Cost);
        Assert.Null(request.RequiredTag);
        Assert.Null(request.PreferredTag);
        Assert.Equal(TokenPoolPreference.Default, request.Preference);
    }

    [Fact]
    public void For_EveryModelNsfw_SuperOnlyForSuperTierNsfwPreferredNotRequired()
    {
        foreach (var model in GrokModelCatalog.All)
        {
            var request = ModelTokenRequest.For(model, nsfw: true, TokenPoolPreference.PreferSuper);

            Assert.Equal(model.Tier == ModelTier.Super ? PoolTier.Super : PoolTier.Basic, request.Tier);
            Assert.Equal(model.Cost, request.Cost);
            Assert.Equal(TokenTags.Nsfw, request.PreferredTag);
            Assert.Null(request.RequiredTag);
            Assert.Equal(TokenPoolPreference.PreferSuper, request.Preference);
        }
    }
}
