using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Selection;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Registry;

public sealed class TokenRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAsync_NewTokens_AddedWithPoolDefaultsAndDurable()
    {
        await using var pool = await CreateAsync();
        pool.Time.Advance(TimeSpan.FromMinutes(3));

        var basic = await pool.Registry.AddAsync(TokenPools.Basic, ["sso=tok-basic", "  "], "imported", Ct);
        var super = await pool.Registry.AddAsync(TokenPools.Super, ["tok-super"], null, Ct);

        Assert.Equal(new TokenAddResult(1, 1), basic);
        Assert.Equal(new TokenAddResult(1, 0), super);
        var view = pool.View("tok-basic");
        Assert.Equal((TokenPools.Basic, TokenStatus.Active, 80, "imported", pool.NowMs), (pool.PoolOf("tok-basic"), view.Status, view.Quota, view.Note, view.CreatedAt));
        Assert.Equal(140, pool.View("tok-super").Quota);
        Assert.Equal(["dirty:tok-basic", "flush", "dirty:tok-super", "flush"], pool.WriteBehind.Events);
        Assert.Equal(80, pool.WriteBehind.Persisted["tok-basic"]!.Value.Token.Quota);
        Assert.Equal("tok-super", pool.TryLeaseToken(PoolTier.Super, 4));
    }

    [Fact]
    public async Task AddAsync_TokensPresentInAnyPoolOrRepeated_Skipped()
    {
        await using var pool = await CreateAsync(Super("existing"), Record("ssoLegacy", "legacy"));

        var result = await pool.Registry.AddAsync(TokenPools.Basic, ["existing", "sso=legacy", "new", " new ", "sso=new"], null, Ct);

        Assert.Equal(new TokenAddResult(1, 4), result);
        Assert.Equal(TokenPools.Super, pool.PoolOf("existing"));
        Assert.Equal(3, pool.Registry.Query(new(null, null, null, null)).Total);
    }

    [Fact]
    public async Task AddAsync_UnknownPool_Throws()
    {
        await using var pool = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pool.Registry.AddAsync("ssoOther", ["tok"], null, Ct));
    }

    [Fact]
    public async Task AddAsync_FlushPending_CompletesOnlyWhenDurable()
    {
        await using var pool = await CreateAsync();
        pool.WriteBehind.HoldFlushes();

        var add = pool.Registry.AddAsync(TokenPools.Basic, ["tok"], null, Ct);

        Assert.False(add.IsCompleted);
        Assert.Equal("tok", pool.TryLeaseToken());
        pool.WriteBehind.ReleaseFlushes();
        Assert.Equal(1, (await add.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Added);
    }

    [Fact]
    public async Task PatchAsync_AllFields_AppliedAndDurable()
    {
        await using var pool = await CreateAsync(Basic("tok", 80));
        var id = TokenIdentity.IdOf("tok");

        var result = await pool.Registry.PatchAsync(id, new TokenPatch { Pool = TokenPools.Super, Quota = 12, Note = "moved", Tags = [" nsfw ", "NSFW", "", "vip"] }, Ct);

        Assert.Equal(TokenPatchError.None, result.Error);
        var patched = result.Token!.Value;
        Assert.Equal((TokenPools.Super, 12, "moved"), (patched.Pool, patched.Token.Quota, patched.Token.Note));
        Assert.Equal(["nsfw", "vip"], patched.Token.Tags);
        Assert.Equal(["dirty:tok", "flush"], pool.WriteBehind.Events);
        Assert.Equal(TokenPools.Super, pool.WriteBehind.Persisted["tok"]!.Value.Pool);
        Assert.Equal("tok", pool.TryLeaseToken(PoolTier.Super, 4, TokenTags.Nsfw));
    }

    [Theory]
    [InlineData("ssoOther", null, null, TokenPatchError.InvalidPool)]
    [InlineData(null, -1, null, TokenPatchError.InvalidQuota)]
    [InlineData(null, null, TokenStatus.Expired, TokenPatchError.InvalidStatus)]
    [InlineData(null, null, TokenStatus.Cooling, TokenPatchError.InvalidStatus)]
    public async Task PatchAsync_InvalidValue_RefusedAndUnchanged(string? newPool, int? quota, TokenStatus? status, TokenPatchError expected)
    {
        await using var pool = await CreateAsync(Basic("tok", 80));

        var result = await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Pool = newPool, Quota = quota, Status = status }, Ct);

        Assert.Equal(expected, result.Error);
        Assert.Null(result.Token);
        Assert.Equal((TokenPools.Basic, 80, TokenStatus.Active), (pool.PoolOf("tok"), pool.View("tok").Quota, pool.View("tok").Status));
        Assert.Empty(pool.WriteBehind.Events);
    }

    [Fact]
    public async Task PatchAsync_UnknownId_NotFound()
    {
        await using var pool = await CreateAsync();

        Assert.Equal(TokenPatchError.NotFound, (await pool.Registry.PatchAsync("0000000000000000", new TokenPatch { Note = "x" }, Ct)).Error);
    }

    [Theory]
    [InlineData(TokenStatus.Expired)]
    [InlineData(TokenStatus.Cooling)]
    [InlineData(TokenStatus.Disabled)]
    public async Task PatchAsync_StatusActive_RevivesAndClearsFailCount(TokenStatus from)
    {
        var record = Basic("tok", 30, from);
        await using var pool = await CreateAsync(record with { Token = record.Token with { FailCount = 5 } });

        var result = await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Status = TokenStatus.Active }, Ct);

        Assert.Equal((TokenStatus.Active, 0), (result.Token!.Value.Token.Status, result.Token.Value.Token.FailCount));
        Assert.Equal("tok", pool.TryLeaseToken());
    }

    [Fact]
    public async Task PatchAsync_StatusDisabled_NeverSelected()
    {
        await using var pool = await CreateAsync(Basic("tok"));

        await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Status = TokenStatus.Disabled }, Ct);

        Assert.Null(pool.TryLeaseToken());
        Assert.Equal(TokenStatus.Disabled, pool.View("tok").Status);
    }

    [Fact]
    public async Task PatchAsync_PositiveQuotaOnCoolingToken_MakesItActive()
    {
        await using var pool = await CreateAsync(Basic("tok", 0, TokenStatus.Cooling));

        var result = await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Quota = 20 }, Ct);

        Assert.Equal(TokenStatus.Active, result.Token!.Value.Token.Status);
        Assert.Equal("tok", pool.TryLeaseToken());
    }

    [Fact]
    public async Task PatchAsync_ZeroQuotaOnActiveToken_MakesItCooling()
    {
        await using var pool = await CreateAsync(Basic("tok", 20));

        var result = await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Quota = 0 }, Ct);

        Assert.Equal(TokenStatus.Cooling, result.Token!.Value.Token.Status);
        Assert.Null(pool.TryLeaseToken());
    }

    [Fact]
    public async Task PatchAsync_PositiveQuotaOnDisabledToken_StaysDisabled()
    {
        await using var pool = await CreateAsync(Basic("tok", 0, TokenStatus.Disabled));

        var result = await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Quota = 20 }, Ct);

        Assert.Equal(TokenStatus.Disabled, result.Token!.Value.Token.Status);
    }

    [Fact]
    public async Task PatchAsync_LegacyPoolTokenMovedToBasic_BecomesSelectable()
    {
        await using var pool = await CreateAsync(Record("ssoLegacy", "legacy", 80));

        await pool.Registry.PatchAsync(TokenIdentity.IdOf("legacy"), new TokenPatch { Pool = TokenPools.Basic }, Ct);

        Assert.Equal("legacy", pool.TryLeaseToken());
    }

    [Fact]
    public async Task RemoveAsync_ExistingAndMissing_DeletesAndReports()
    {
        await using var pool = await CreateAsync(Basic("tok"), Basic("keep"));

        Assert.True(await pool.Registry.RemoveAsync(TokenIdentity.IdOf("tok"), Ct));
        Assert.False(await pool.Registry.RemoveAsync(TokenIdentity.IdOf("tok"), Ct));

        Assert.Null(pool.Registry.Find(TokenIdentity.IdOf("tok")));
        Assert.Null(pool.WriteBehind.Persisted["tok"]);
        Assert.Equal(["dirty:tok", "flush", "flush"], pool.WriteBehind.Events);
        Assert.Equal("keep", pool.TryLeaseToken());
        Assert.Equal("keep", pool.TryLeaseToken());
    }

    [Fact]
    public async Task RemoveManyAsync_SomeUnknown_CountsExisting()
    {
        await using var pool = await CreateAsync(Basic("a"), Basic("b"), Basic("c"));

        var deleted = await pool.Registry.RemoveManyAsync([TokenIdentity.IdOf("a"), TokenIdentity.IdOf("c"), "ffffffffffffffff"], Ct);

        Assert.Equal(2, deleted);
        Assert.Equal(["b"], pool.Registry.Export(null));
        Assert.Equal(3, pool.WriteBehind.Events.Count);
    }

    [Fact]
    public async Task Query_Filters_MatchPoolStatusTagAndSearch()
    {
        await using var pool = await CreateAsync(
            Basic("basic-active-token", 80, tags: "nsfw"),
            Basic("basic-cooling-token", 0, TokenStatus.Cooling),
            Super("super-active-token", 140),
            Record("ssoLegacy", "legacy-token-value", 80));
        await pool.Registry.PatchAsync(TokenIdentity.IdOf("super-active-token"), new TokenPatch { Note = "Team Alpha" }, Ct);

        Assert.Equal(2, pool.Registry.Query(new(TokenPools.Basic, null, null, null)).Total);
        Assert.Equal(3, pool.Registry.Query(new(null, TokenStatus.Active, null, null)).Total);
        Assert.Equal("basic-active-token", Token(pool.Registry.Query(new(null, null, "NSFW", null))));
        Assert.Equal(3, pool.Registry.Query(new(null, null, "!nsfw", null)).Total);
        Assert.DoesNotContain(pool.Registry.Query(new(null, null, "! NSFW", null)).Items, t => t.Token.Token == "basic-active-token");
        Assert.Equal("super-active-token", Token(pool.Registry.Query(new(null, null, null, "alpha"))));
        Assert.Equal("legacy-token-value", Token(pool.Registry.Query(new(null, null, null, TokenIdentity.IdOf("legacy-token-value")[..6].ToUpperInvariant()))));
        Assert.Equal("legacy-token-value", Token(pool.Registry.Query(new(null, null, null, TokenIdentity.Mask("legacy-token-value")))));
        Assert.Equal(2, pool.Registry.Query(new(null, null, null, "BASIC-…")).Total);
        Assert.Equal(1, pool.Registry.Query(new("ssoLegacy", null, null, null)).Total);
    }

    [Fact]
    public async Task Query_Paging_NewestFirstWithTotalsAndClampedSize()
    {
        await using var pool = await CreateAsync([.. Enumerable.Range(0, 7).Select(i => Basic($"tok-{i}", createdAt: StartMs + i))]);

        var page2 = pool.Registry.Query(new(null, null, null, null, Page: 2, PageSize: 3));
        var clamped = pool.Registry.Query(new(null, null, null, null, Page: 0, PageSize: 10_000));
        var tiny = pool.Registry.Query(new(null, null, null, null, PageSize: 0));

        Assert.Equal((7, 2, 3), (page2.Total, page2.Page, page2.PageSize));
        Assert.Equal([StartMs + 3, StartMs + 2, StartMs + 1], page2.Items.Select(v => v.Token.CreatedAt!.Value));
        Assert.Equal((1, 500, 7), (clamped.Page, clamped.PageSize, clamped.Items.Count));
        Assert.Equal(1, tiny.PageSize);
        Assert.Single(tiny.Items);
    }

    [Fact]
    public async Task Query_SameCreatedAt_OrderedById()
    {
        await using var pool = await CreateAsync(Basic("x"), Basic("y"), Basic("z"));

        var ids = pool.Registry.Query(new(null, null, null, null)).Items.Select(v => TokenIdentity.IdOf(v.Token.Token)).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task Query_Stats_CountEveryTokenAndLeasesInFlight()
    {
        var used = Basic("used", 50);
        await using var pool = await CreateAsync(
            used with { Token = used.Token with { UseCount = 7 } },
            Basic("cool", 0, TokenStatus.Cooling),
            Super("exp", 10, TokenStatus.Expired),
            Super("off", 5, TokenStatus.Disabled));
        pool.Lease();

        var stats = pool.Registry.Query(new(TokenPools.Super, null, null, null)).Stats;

        Assert.Equal(new TokenStats(4, 1, 1, 1, 1, 65, 7, 1), stats);
    }

    [Fact]
    public async Task Query_Items_AreSnapshotsOfTheRecords()
    {
        await using var pool = await CreateAsync(Basic("tok", 80));

        var item = pool.Registry.Query(new(null, null, null, null)).Items.Single();
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Success, null);

        Assert.Equal((TokenPools.Basic, "tok", 80), (item.Pool, item.Token.Token, item.Token.Quota));
        Assert.Equal(79, pool.View("tok").Quota);
    }

    [Fact]
    public async Task Export_IdsOrAll_ReturnsBareTokens()
    {
        await using var pool = await CreateAsync(Basic("old", createdAt: StartMs), Super("new", createdAt: StartMs + 1));

        Assert.Equal(["new", "old"], pool.Registry.Export(null));
        Assert.Equal(["old"], pool.Registry.Export([TokenIdentity.IdOf("old"), "ffffffffffffffff"]));
    }

    private static string? Token(TokenPage page) => page.Items.Count == 1 ? page.Items[0].Token.Token : null;
}
