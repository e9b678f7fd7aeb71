using System.Text.Json;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Selection;
using Microsoft.Extensions.DependencyInjection;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests;

public sealed class TokenPoolInitializerTests
{
    [Fact]
    public async Task InitializeAsync_StoredTokens_LoadedOnceAndAttached()
    {
        await using var pool = await CreateAsync(Basic("a"), Super("b"));

        await pool.Services.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, pool.Store.Loads);
        Assert.Same(pool.State, pool.WriteBehind.Source);
        Assert.Equal(2, pool.Registry.Query(new(null, null, null, null)).Total);
    }

    [Fact]
    public async Task InitializeAsync_SameTokenInTwoPools_KeepsFirstAndRewritesIt()
    {
        await using var pool = await CreateAsync(Basic("dup", 10), Super("dup", 99));

        Assert.Equal((TokenPools.Basic, 10), (pool.PoolOf("dup"), pool.View("dup").Quota));
        Assert.Equal(["dirty:dup"], pool.WriteBehind.Events);
    }

    [Fact]
    public async Task TryGetSnapshot_ChangedToken_ReturnsCurrentRecordWithUnknownFieldsKept()
    {
        // Arrange: a stored record with a field this version does not know.
        var extra = new Dictionary<string, JsonElement> { ["future_field"] = JsonDocument.Parse("\"kept\"").RootElement };
        var record = Basic("tok", 80, tags: "nsfw");
        await using var pool = await CreateAsync(record with { Token = record.Token with { Extra = extra, LastAssetClearAt = 42, Note = "n" } });

        // Act
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Success, null);
        Assert.True(pool.State.TryGetSnapshot("tok", out var snapshot));

        // Assert
        Assert.Equal(TokenPools.Basic, snapshot.Pool);
        Assert.Equal((79, 1, 42L, "n"), (snapshot.Token.Quota, snapshot.Token.UseCount, snapshot.Token.LastAssetClearAt!.Value, snapshot.Token.Note));
        Assert.Equal(["nsfw"], snapshot.Token.Tags);
        Assert.Same(extra, snapshot.Token.Extra);
        Assert.False(pool.State.TryGetSnapshot("missing", out _));
    }

    [Fact]
    public async Task Registry_BeforeInitialize_Throws()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ITokenWriteBehind>(new Fakes.FakeTokenWriteBehind());
        services.AddGrokTokenPool();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ITokenRegistry>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => registry.AddAsync(TokenPools.Basic, ["tok"], null, TestContext.Current.CancellationToken));
    }
}
