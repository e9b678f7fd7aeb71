using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Redis;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Redis;

public sealed class RedisStorageBackendTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<RedisStorageBackend> _backends = [];
    private RedisTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await RedisTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Tokens_EveryFieldRoundTrips_IncludingExtraTagsAndNulls()
    {
        var backend = await OpenAsync("a");
        using var extra = JsonDocument.Parse("""{"future":{"n":[1,2]},"flag":true}""");
        var full = new StoredToken
        {
            Token = "tok-full-0123456789",
            Status = TokenStatus.Cooling,
            Quota = 42,
            CreatedAt = 1_700_000_000_123,
            LastUsedAt = 1_700_000_001_000,
            UseCount = 7,
            FailCount = 2,
            LastFailAt = 1_700_000_002_000,
            LastFailReason = "app_chat_auth_failed",
            LastSyncAt = 1_700_000_003_000,
            Tags = ["nsfw", "ünï"],
            Note = "note \"quoted\"",
            LastAssetClearAt = 1_700_000_004_000,
            Extra = extra.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
        var bare = new StoredToken { Token = "tok-bare-0123456789" };
        var changes = new TokenChangeSet();
        changes.Upserts.Add(new PooledToken(TokenPools.Super, full));
        changes.Upserts.Add(new PooledToken(TokenPools.Basic, bare));
        await backend.Tokens.SaveAsync(changes, Ct);

        var loaded = (await backend.Tokens.LoadAsync(Ct)).ToDictionary(t => t.Token.Token);
        var back = loaded[full.Token];
        Assert.Equal(TokenPools.Super, back.Pool);
        AssertSame(full, back.Token);
        var backBare = loaded[bare.Token];
        Assert.Equal(TokenPools.Basic, backBare.Pool);
        AssertSame(bare, backBare.Token);

        // Fields set back to null are null in the store, not their old values.
        var cleared = new TokenChangeSet();
        cleared.Updates.Add(new TokenUpdate(new PooledToken(TokenPools.Super, full with { LastFailReason = null, LastUsedAt = null, Tags = [] }),
            TokenFields.LastFailReason | TokenFields.LastUsedAt | TokenFields.Tags, 0, 0));
        await backend.Tokens.SaveAsync(cleared, Ct);
        var after = Assert.Single(await backend.Tokens.LoadAsync([TokenIdentity.IdOf(full.Token)], Ct));
        Assert.Null(after.Token.LastFailReason);
        Assert.Null(after.Token.LastUsedAt);
        Assert.Empty(after.Token.Tags);
        Assert.Equal(full.LastFailAt, after.Token.LastFailAt);

        // A replace with nulls leaves no stale field behind.
        var replaced = new TokenChangeSet();
        replaced.Upserts.Add(new PooledToken(TokenPools.Basic, new StoredToken { Token = full.Token }));
        await backend.Tokens.SaveAsync(replaced, Ct);
        var fresh = Assert.Single(await backend.Tokens.LoadAsync([TokenIdentity.IdOf(full.Token)], Ct));
        Assert.Equal(TokenPools.Basic, fresh.Pool);
        AssertSame(new StoredToken { Token = full.Token }, fresh.Token);
    }

    [Fact]
    public async Task Tokens_ConcurrentDeltasFromTwoInstances_SumExactly()
    {
        var a = await OpenAsync("a");
        var b = await OpenAsync("b");
        var token = new StoredToken { Token = "tok-delta-0123456789", Quota = 1000 };
        await Upsert(a, token);

        Task Delta(RedisStorageBackend backend)
        {
            var changes = new TokenChangeSet();
            changes.Updates.Add(new TokenUpdate(new PooledToken(TokenPools.Basic, token), TokenFields.None, -1, 1));
            return backend.Tokens.SaveAsync(changes, Ct);
        }

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => Delta(i % 2 == 0 ? a : b), Ct)));

        var stored = Assert.Single(await b.Tokens.LoadAsync(Ct)).Token;
        Assert.Equal(600, stored.Quota);
        Assert.Equal(400, stored.UseCount);
    }

    [Fact]
    public async Task Tokens_DeltasClampAtZero_AndNamedQuotaIgnoresDelta()
    {
        var backend = await OpenAsync("a");
        var token = new StoredToken { Token = "tok-clamp-0123456789", Quota = 3, UseCount = 1 };
        await Upsert(backend, token);

        await Update(backend, new TokenUpdate(new PooledToken(TokenPools.Basic, token), TokenFields.None, -10, -5));
        var stored = Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token;
        Assert.Equal(0, stored.Quota);
        Assert.Equal(0, stored.UseCount);

        await Update(backend, new TokenUpdate(new PooledToken(TokenPools.Basic, token with { Quota = 80 }), TokenFields.Quota, -10, 2));
        stored = Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token;
        Assert.Equal(80, stored.Quota);
        Assert.Equal(2, stored.UseCount);
    }

    [Fact]
    public async Task Tokens_UpdateOfDeletedToken_DoesNothing()
    {
        var a = await OpenAsync("a");
        var token = new StoredToken { Token = "tok-gone-0123456789", Quota = 5 };
        await Upsert(a, token);
        var delete = new TokenChangeSet();
        delete.Deletes.Add(token.Token);
        await a.Tokens.SaveAsync(delete, Ct);

        await Update(a, new TokenUpdate(new PooledToken(TokenPools.Basic, token with { Note = "late" }), TokenFields.Note | TokenFields.StatusByAdmin, -1, 1));

        Assert.Empty(await a.Tokens.LoadAsync(Ct));
        Assert.Empty(await a.Tokens.LoadAsync([TokenIdentity.IdOf(token.Token)], Ct));
    }

    [Fact]
    public async Task Tokens_StatusNeverReplacesDisabled_UnlessByAdmin()
    {
        var backend = await OpenAsync("a");
        var token = new StoredToken { Token = "tok-guard-0123456789", Status = TokenStatus.Disabled };
        await Upsert(backend, token);

        await Update(backend, new TokenUpdate(new PooledToken(TokenPools.Basic, token with { Status = TokenStatus.Active }), TokenFields.Status, 0, 0));
        Assert.Equal(TokenStatus.Disabled, Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token.Status);

        await Update(backend, new TokenUpdate(new PooledToken(TokenPools.Basic, token with { Status = TokenStatus.Active }), TokenFields.StatusByAdmin, 0, 0));
        Assert.Equal(TokenStatus.Active, Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token.Status);

        await Update(backend, new TokenUpdate(new PooledToken(TokenPools.Basic, token with { Status = TokenStatus.Cooling }), TokenFields.Status, 0, 0));
        Assert.Equal(TokenStatus.Cooling, Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token.Status);
    }

    [Fact]
    public async Task Tokens_LoadByIds_ReturnsOnlyThoseStored()
    {
        var backend = await OpenAsync("a");
        var changes = new TokenChangeSet();
        for (var i = 0; i < 5; i++)
        {
            changes.Upserts.Add(new PooledToken(TokenPools.Basic, new StoredToken { Token = $"tok-ids-{i}-0123456789" }));
        }

        await backend.Tokens.SaveAsync(changes, Ct);

        var loaded = await backend.Tokens.LoadAsync([TokenIdentity.IdOf("tok-ids-1-0123456789"), TokenIdentity.IdOf("tok-ids-3-0123456789"), "0000000000000000"], Ct);

        Assert.Equal(["tok-ids-1-0123456789", "tok-ids-3-0123456789"], loaded.Select(t => t.Token.Token).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tokens_NoticesReachOtherInstancesOnly()
    {
        var a = await OpenAsync("a");
        var b = await OpenAsync("b");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var atA = a.TokenChanges!.ListenAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var atB = b.TokenChanges!.ListenAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var nextAtA = atA.MoveNextAsync().AsTask();
        var nextAtB = atB.MoveNextAsync().AsTask();
        await Task.Delay(200, Ct);

        var token = new StoredToken { Token = "tok-notice-0123456789" };
        await Upsert(a, token);

        Assert.True(await nextAtB.WaitAsync(Bound, Ct));
        Assert.False(atB.Current.Everything);
        Assert.Equal([TokenIdentity.IdOf(token.Token)], atB.Current.Ids);

        // A's own write was not announced to A; B's write is.
        await Upsert(b, new StoredToken { Token = "tok-notice-b-0123456789" });
        Assert.True(await nextAtA.WaitAsync(Bound, Ct));
        Assert.Equal([TokenIdentity.IdOf("tok-notice-b-0123456789")], atA.Current.Ids);

        await stop.CancelAsync();
        await IgnoreCancel(atA.DisposeAsync());
        await IgnoreCancel(atB.DisposeAsync());
    }

    [Fact]
    public async Task Config_PerKeyWritesOfTwoInstancesBothSurvive_AndWatchFiresOnOtherInstance()
    {
        var a = await OpenAsync("a");
        var b = await OpenAsync("b");
        Assert.Null(await a.Config.LoadAsync(Ct));

        await a.Config.SaveAsync(Tree("""{"app":{"api_key":"k","x":1},"token":{"fail_threshold":5},"top":"scalar"}"""), Ct);
        var watchAtA = a.Config.Watch();
        var watchAtB = b.Config.Watch();

        var treeA = (await a.Config.LoadAsync(Ct))!;
        var treeB = (await b.Config.LoadAsync(Ct))!;
        Assert.Equal("scalar", treeB["top"]!.GetValue<string>());
        treeA["app"]!["api_key"] = "changed-by-a";
        treeB["token"]!["fail_threshold"] = 9;
        ((JsonObject)treeB["app"]!).Remove("x");
        await a.Config.SaveAsync(treeA, Ct);
        await b.Config.SaveAsync(treeB, Ct);

        var merged = (await a.Config.LoadAsync(Ct))!;
        Assert.Equal("changed-by-a", merged["app"]!["api_key"]!.GetValue<string>());
        Assert.Equal(9, merged["token"]!["fail_threshold"]!.GetValue<int>());
        Assert.Null(merged["app"]!["x"]);

        await WaitUntil(() => watchAtB.HasChanged);
        await WaitUntil(() => watchAtA.HasChanged);
        var quiet = b.Config.Watch();
        await b.Config.SaveAsync(Tree("""{"app":{"api_key":"by-b"}}"""), Ct);
        await Task.Delay(300, Ct);
        Assert.False(quiet.HasChanged, "an instance's own config write must not fire its watch");
    }

    [Fact]
    public async Task Leases_AcquireRenewDenyExpireRelease()
    {
        var a = await OpenAsync("a");
        var b = await OpenAsync("b");

        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        Assert.False(await b.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));

        await b.Leases.ReleaseAsync("token_refresh", Ct);
        Assert.False(await b.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        await a.Leases.ReleaseAsync("token_refresh", Ct);
        Assert.True(await b.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromMilliseconds(300), Ct));
        Assert.False(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));

        await Task.Delay(600, Ct);
        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task TasksAndVideos_UpsertLoadDelete()
    {
        var backend = await OpenAsync("a");
        var older = new BatchTaskRecord { Id = "t1", Kind = "refresh", Status = "done", Total = 2, Ok = 1, Fail = 1, CreatedAt = 100, EndedAt = 200, Errors = [new BatchTaskItemError("id1", "abc…wxyz", "nope")] };
        var newer = new BatchTaskRecord { Id = "t2", Kind = "nsfw", Status = "running", CreatedAt = 300, Assets = [new BatchTaskAssetCount("id2", "m", 4)] };
        await backend.Tasks.UpsertAsync([older, newer], Ct);
        await backend.Tasks.UpsertAsync([newer with { Status = "cancelled" }], Ct);

        var tasks = await backend.Tasks.LoadAsync(Ct);
        Assert.Equal(["t2", "t1"], tasks.Select(t => t.Id));
        Assert.Equal("cancelled", tasks[0].Status);
        Assert.Equal(4, Assert.Single(tasks[0].Assets).Count);
        Assert.Equal("nope", Assert.Single(tasks[1].Errors).Reason);
        await backend.Tasks.DeleteAsync(["t1", "unknown"], Ct);
        Assert.Equal(["t2"], (await backend.Tasks.LoadAsync(Ct)).Select(t => t.Id));

        var late = new VideoJobRecord { Id = "video_2", Model = "m", Status = "queued", CreatedAt = 20 };
        var early = new VideoJobRecord { Id = "video_1", Model = "m", Status = "completed", CreatedAt = 10, VideoUrl = "https://x/v.mp4", Deleted = true };
        await backend.VideoJobs.UpsertAsync(late, Ct);
        await backend.VideoJobs.UpsertAsync(early, Ct);
        Assert.Equal(["video_1", "video_2"], (await backend.VideoJobs.LoadAsync(Ct)).Select(v => v.Id));
        Assert.Equal(early, await backend.VideoJobs.FindAsync("video_1", Ct));
        await backend.VideoJobs.DeleteAsync(["video_1"], Ct);
        Assert.Null(await backend.VideoJobs.FindAsync("video_1", Ct));
        Assert.Equal(["video_2"], (await backend.VideoJobs.LoadAsync(Ct)).Select(v => v.Id));
    }

    [Fact]
    public async Task Open_RecordsSchemaAndSeededMarker_TwoInstancesAtOnce()
    {
        var a = Create("a");
        var b = Create("b");
        await Task.WhenAll(a.OpenAsync(Ct), b.OpenAsync(Ct));

        Assert.False(await a.IsSeededAsync(Ct));
        await a.MarkSeededAsync(Ct);
        Assert.True(await b.IsSeededAsync(Ct));
        Assert.Equal($"redis 127.0.0.1:{_server.Port} db 0", a.Describe);
    }

    [Fact]
    public async Task Outage_ThrowsStoreUnavailableWithinBound_AndHealthReportsIt()
    {
        var backend = await OpenAsync("a");
        await Upsert(backend, new StoredToken { Token = "tok-outage-0123456789" });
        await _server.KillAsync();

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.Tokens.LoadAsync(Ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"took {clock.Elapsed}");
        Assert.StartsWith("redis: ", ex.Message, StringComparison.Ordinal);
        Assert.False(backend.Health.Reachable);
        Assert.Equal("unavailable", backend.Health.View().State);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.Leases.TryAcquireAsync("x", TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task Open_UnreachableOrWrongPassword_ThrowsWithoutThePassword()
    {
        await using var secured = await RedisTestServer.StartAsync(password: "right-secret");
        var wrong = new RedisStorageBackend($"redis://:wrong-secret@127.0.0.1:{secured.Port}", new StoreInstance("a"), TimeProvider.System, NullLoggerFactory.Instance);
        _backends.Add(wrong);
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => wrong.OpenAsync(Ct));
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", wrong.Describe, StringComparison.Ordinal);
        Assert.False(wrong.Health.Reachable);

        var right = new RedisStorageBackend($"redis://:right-secret@127.0.0.1:{secured.Port}", new StoreInstance("b"), TimeProvider.System, NullLoggerFactory.Instance);
        _backends.Add(right);
        await right.OpenAsync(Ct);

        await _server.KillAsync();
        var down = Create("c");
        var downEx = await Assert.ThrowsAsync<StoreUnavailableException>(() => down.OpenAsync(Ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
        Assert.StartsWith("redis: ", downEx.Message, StringComparison.Ordinal);
    }

    private static JsonObject Tree(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertSame(StoredToken expected, StoredToken actual)
    {
        Assert.Equal(expected with { Tags = [], Extra = null }, actual with { Tags = [], Extra = null });
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(
            expected.Extra?.ToDictionary(p => p.Key, p => p.Value.GetRawText()),
            actual.Extra?.ToDictionary(p => p.Key, p => p.Value.GetRawText()));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, "the condition did not become true in time");
            await Task.Delay(20, Ct);
        }
    }

    private static async Task IgnoreCancel(ValueTask task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task Upsert(RedisStorageBackend backend, StoredToken token)
    {
        var changes = new TokenChangeSet();
        changes.Upserts.Add(new PooledToken(TokenPools.Basic, token));
        return backend.Tokens.SaveAsync(changes, Ct);
    }

    private static Task Update(RedisStorageBackend backend, TokenUpdate update)
    {
        var changes = new TokenChangeSet();
        changes.Updates.Add(update);
        return backend.Tokens.SaveAsync(changes, Ct);
    }

    private RedisStorageBackend Create(string instance)
    {
        var backend = new RedisStorageBackend(_server.Url, new StoreInstance(instance), TimeProvider.System, NullLoggerFactory.Instance);
        _backends.Add(backend);
        return backend;
    }

    private async Task<RedisStorageBackend> OpenAsync(string instance)
    {
        var backend = Create(instance);
        await backend.OpenAsync(Ct);
        return backend;
    }
}
