using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.Registry;

namespace Grok2Api.TokenPool.Tests.Sync;

/// <summary>
/// Two pools (two instances) on one shared store: quota used on both adds up exactly, an admin edit
/// on one is never undone by the other, a deleted token stays deleted, and each hears the other's
/// changes. The store applies batches as a real shared store must (<see cref="TokenUpdate.ApplyTo"/>).
/// </summary>
public sealed class TwoInstancesOneStoreTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ConcurrentUseOnBothInstances_StoredQuotaAndUseCount_AddUpExactly()
    {
        var shared = new SharedMemoryTokenStore();
        string[] tokens = ["tok-a", "tok-b", "tok-c", "tok-d"];
        shared.Seed([.. tokens.Select(t => Record(t, quota: 100_000))]);

        // Neither instance writes until it is flushed, so neither hears the other while it serves:
        // a store that took whole records would keep only the last writer's use.
        await using var a = await SharedPoolHarness.StartAsync(shared, 1, saveDelayMs: 600_000);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2, saveDelayMs: 600_000);

        var served = new int[4];
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var pool = worker % 2 == 0 ? a : b;
            for (var i = 0; i < 1_500; i++)
            {
                Assert.NotNull(pool.Serve());
                served[worker]++;
            }
        }, TestContext.Current.CancellationToken)));
        await a.WriteBehind.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        await b.WriteBehind.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        var records = tokens.Select(t => shared.Find(t)!.Value.Token).ToList();
        Assert.Equal(6_000, served.Sum());
        Assert.Equal(served.Sum(), records.Sum(r => r.UseCount));
        Assert.All(records, r => Assert.Equal(100_000, r.Quota + r.UseCount));

        // Each instance, once it has read the store, sees the combined figures.
        Assert.True(await a.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.True(await b.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        foreach (var token in tokens)
        {
            var stored = shared.Find(token)!.Value.Token;
            Assert.Equal((stored.Quota, stored.UseCount), (a.View(token)!.Quota, a.View(token)!.UseCount));
            Assert.Equal((stored.Quota, stored.UseCount), (b.View(token)!.Quota, b.View(token)!.UseCount));
        }
    }

    [Fact]
    public async Task AdminDisablesOnOneInstance_WhileTheOtherRateLimitsTheToken_TheTokenStaysDisabled()
    {
        var shared = new SharedMemoryTokenStore();
        shared.Seed(Record("tok-x", quota: 50));
        await using var a = await SharedPoolHarness.StartAsync(shared, 1);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2);
        var tried = default(TokenExclusions);
        Assert.True(b.Selector.TryLease(new TokenRequest(PoolTier.Basic, 1), ref tried, out var lease));

        var patched = await a.Registry.PatchAsync(TokenIdentity.IdOf("tok-x"), new TokenPatch { Status = TokenStatus.Disabled, Note = "off" }, TestContext.Current.CancellationToken);
        Assert.Equal(TokenPatchError.None, patched.Error);
        b.Selector.Complete(lease, LeaseOutcome.RateLimited, null);
        await b.WriteBehind.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        var stored = shared.Find("tok-x")!.Value.Token;
        Assert.Equal(TokenStatus.Disabled, stored.Status);
        Assert.Equal("off", stored.Note);
        Assert.Equal(0, stored.Quota);
        Assert.True(await b.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(TokenStatus.Disabled, b.View("tok-x")!.Status);
        Assert.Null(b.Serve());
    }

    [Fact]
    public async Task DeletedOnOneInstance_WhileTheOtherStillUsesIt_StaysDeleted()
    {
        var shared = new SharedMemoryTokenStore();
        shared.Seed(Record("tok-y", quota: 50));
        await using var a = await SharedPoolHarness.StartAsync(shared, 1);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2);
        var tried = default(TokenExclusions);
        Assert.True(b.Selector.TryLease(new TokenRequest(PoolTier.Basic, 1), ref tried, out var lease));

        Assert.True(await a.Registry.RemoveAsync(TokenIdentity.IdOf("tok-y"), TestContext.Current.CancellationToken));
        b.Selector.Complete(lease, LeaseOutcome.Success, null);
        await b.WriteBehind.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Null(shared.Find("tok-y"));
        Assert.True(await b.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Null(b.View("tok-y"));
        Assert.Null(b.Serve());
    }

    [Fact]
    public async Task TokensAddedOrEditedOnOneInstance_ReachTheOther_ThroughTheChangeFeed()
    {
        var shared = new SharedMemoryTokenStore();
        shared.Seed(Record("tok-z", quota: 50));
        await using var a = await SharedPoolHarness.StartAsync(shared, 1);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2);

        await a.Registry.AddAsync(TokenPools.Super, ["tok-new"], "imported", TestContext.Current.CancellationToken);
        await a.Registry.PatchAsync(TokenIdentity.IdOf("tok-z"), new TokenPatch { Tags = ["nsfw"], Quota = 7 }, TestContext.Current.CancellationToken);

        // The periodic reload is off (reload_interval_sec = 0): only the notices can bring these.
        await Eventually(() => b.View("tok-new") is { Note: "imported" } && b.View("tok-z") is { Quota: 7, Tags: ["nsfw"] });
        Assert.Equal(TokenPools.Super, b.Registry.Find(TokenIdentity.IdOf("tok-new"))!.Value.Pool);
    }

    [Fact]
    public async Task AnAdminEdit_ToTheValueAStaleInstanceAlreadyShows_IsStillWritten_TheLaterEditWins()
    {
        var shared = new SharedMemoryTokenStore();
        shared.Seed(Record("tok-v", quota: 50));
        await using var a = await SharedPoolHarness.StartAsync(shared, 1);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2);
        var id = TokenIdentity.IdOf("tok-v");

        // b has not heard of a's edits when it is asked to put every field back as b sees it.
        shared.Muted = true;
        await a.Registry.PatchAsync(id, new TokenPatch { Note = "from a", Tags = ["x"], Pool = TokenPools.Super, Status = TokenStatus.Disabled }, TestContext.Current.CancellationToken);
        await b.Registry.PatchAsync(id, new TokenPatch { Note = "", Tags = [], Pool = TokenPools.Basic, Status = TokenStatus.Active }, TestContext.Current.CancellationToken);

        var stored = shared.Find("tok-v")!.Value;
        Assert.Equal((TokenPools.Basic, "", 0, TokenStatus.Active), (stored.Pool, stored.Token.Note, stored.Token.Tags.Count, stored.Token.Status));

        // A later read does not bring a's values back into b's view either.
        shared.Muted = false;
        Assert.True(await b.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal("", b.View("tok-v")!.Note);
        Assert.True(await a.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(("", TokenStatus.Active), (a.View("tok-v")!.Note, a.View("tok-v")!.Status));
    }

    [Fact]
    public async Task UnwrittenLocalUse_SurvivesAReadOfOtherInstancesChanges()
    {
        var shared = new SharedMemoryTokenStore();
        shared.Seed(Record("tok-w", quota: 1_000));
        await using var a = await SharedPoolHarness.StartAsync(shared, 1);
        await using var b = await SharedPoolHarness.StartAsync(shared, 2);

        // The store is down for a: its use stays in memory, a's reads fail and are retried later.
        shared.Down = true;
        for (var i = 0; i < 30; i++)
        {
            Assert.NotNull(a.Serve());
        }

        var flush = a.WriteBehind.FlushAsync(TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(flush.IsCompleted);
        Assert.False(await a.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(970, a.View("tok-w")!.Quota);

        // Back: b uses 5 and writes first; a takes that in and keeps its own 30 on top.
        shared.Down = false;
        await flush.WaitAsync(Bound, TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(b.Serve());
        }

        await b.WriteBehind.FlushAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.True(await a.Sync.ReloadAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal((965, 35), (a.View("tok-w")!.Quota, a.View("tok-w")!.UseCount));
        Assert.Equal((965, 35), (shared.Find("tok-w")!.Value.Token.Quota, shared.Find("tok-w")!.Value.Token.UseCount));
    }

    private static PooledToken Record(string token, int quota) =>
        new(TokenPools.Basic, new StoredToken { Token = token, Quota = quota, Status = TokenStatus.Active, CreatedAt = 1_700_000_000_000 });

    private static async Task Eventually(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, "The change did not arrive in time.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
