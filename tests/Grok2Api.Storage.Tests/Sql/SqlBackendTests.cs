using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Sql;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Sql;

/// <summary>The SQL backends against real servers: every behaviour users would notice, for PostgreSQL and MariaDB alike.</summary>
public abstract class SqlBackendTests : IAsyncDisposable
{
    private readonly List<IStorageBackend> _backends = [];

    protected SqlBackendTests(SqlServers servers)
    {
        Servers = servers;
    }

    protected SqlServers Servers { get; }

    protected abstract string Scheme { get; }

    protected abstract string Kind { get; }

    protected abstract IStorageBackend Create(string url, StoreInstance instance);

    /// <summary>Kills the server; the function starts it again.</summary>
    protected abstract Task<Func<Task>> StopServerAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_EveryFieldRoundTrips_IncludingExtraTagsNullsAndUnicode()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        var full = new StoredToken
        {
            Token = "tok-ü-" + new string('x', 900),
            Status = TokenStatus.Cooling,
            Quota = 42,
            CreatedAt = 1_700_000_000_001,
            LastUsedAt = 1_700_000_000_002,
            UseCount = 7,
            FailCount = 2,
            LastFailAt = 1_700_000_000_003,
            LastFailReason = "app_chat_auth_failed ✓ 日本",
            LastSyncAt = 1_700_000_000_004,
            Tags = ["nsfw", "ünï", "emoji 🚀"],
            Note = "note 📝 \"quoted\" 'single' \\ back",
            LastAssetClearAt = 1_700_000_000_005,
            Extra = new Dictionary<string, JsonElement> { ["future_field"] = JsonDocument.Parse("{\"a\":[1,2,{\"b\":null}]}").RootElement.Clone(), ["n"] = JsonDocument.Parse("3.5").RootElement.Clone() },
        };
        var bare = new StoredToken { Token = "bare" };
        await backend.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Super, full), new(TokenPools.Basic, bare)]), Ct);

        var loaded = (await backend.Tokens.LoadAsync(Ct)).ToDictionary(t => t.Token.Token);

        AssertSame(new(TokenPools.Super, full), loaded[full.Token]);
        AssertSame(new(TokenPools.Basic, bare), loaded["bare"]);

        // A whole-record upsert puts nulls back and moves the pool.
        var cleared = new StoredToken { Token = full.Token, Status = TokenStatus.Active, Quota = 1 };
        await backend.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, cleared)]), Ct);
        var reloaded = Assert.Single(await backend.Tokens.LoadAsync([TokenIdentity.IdOf(full.Token)], Ct));
        AssertSame(new(TokenPools.Basic, cleared), reloaded);
    }

    [Fact]
    public async Task Tokens_ConcurrentDeltasFromTwoInstances_SumExactly()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");
        await a.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "shared", Quota = 10_000 })]), Ct);
        var values = new PooledToken(TokenPools.Basic, new StoredToken { Token = "shared" });

        async Task Spend(IStorageBackend backend)
        {
            for (var i = 0; i < 40; i++)
            {
                var changes = new TokenChangeSet();
                changes.Updates.Add(new TokenUpdate(values, TokenFields.None, -3, 2));
                await backend.Tokens.SaveAsync(changes, Ct);
            }
        }

        await Task.WhenAll(Spend(a), Spend(b), Spend(a), Spend(b));

        var stored = Assert.Single(await b.Tokens.LoadAsync(Ct)).Token;
        Assert.Equal(10_000 - (160 * 3), stored.Quota);
        Assert.Equal(160 * 2, stored.UseCount);
    }

    [Fact]
    public async Task Tokens_UpdateOfATokenDeletedElsewhere_DoesNothing()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");
        var token = new PooledToken(TokenPools.Basic, new StoredToken { Token = "gone", Quota = 5 });
        await a.Tokens.SaveAsync(Changes(upserts: [token]), Ct);
        await b.Tokens.SaveAsync(Changes(deletes: ["gone"]), Ct);

        var update = new TokenChangeSet();
        update.Updates.Add(new TokenUpdate(token with { Token = token.Token with { Status = TokenStatus.Expired, Note = "x" } }, TokenFields.Status | TokenFields.Note, -1, 1));
        await a.Tokens.SaveAsync(update, Ct);

        Assert.Empty(await a.Tokens.LoadAsync(Ct));
    }

    [Fact]
    public async Task Tokens_UpdatesMatchTokenUpdateApplyTo_ForManyRandomCases()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        var random = new Random(1234);
        var stored = new List<PooledToken>();
        var updates = new List<TokenUpdate>();
        for (var i = 0; i < 300; i++)
        {
            var before = RandomToken(random, "t" + i);
            var values = RandomToken(random, "t" + i);
            var fields = (TokenFields)random.Next(0, 1 << 14);
            stored.Add(before);
            updates.Add(new TokenUpdate(values, fields, random.Next(-60, 60), random.Next(-10, 10)));
        }

        await backend.Tokens.SaveAsync(Changes(upserts: stored), Ct);
        var changes = new TokenChangeSet();
        changes.Updates.AddRange(updates);
        await backend.Tokens.SaveAsync(changes, Ct);

        var loaded = (await backend.Tokens.LoadAsync(Ct)).ToDictionary(t => t.Token.Token);
        for (var i = 0; i < stored.Count; i++)
        {
            AssertSame(updates[i].ApplyTo(stored[i]), loaded[stored[i].Token.Token], $"case {i}: fields {updates[i].Fields}");
        }
    }

    [Fact]
    public async Task Tokens_StatusNeverRevivesDisabled_ButTheAdminDoes()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        var disabled = new PooledToken(TokenPools.Basic, new StoredToken { Token = "d", Status = TokenStatus.Disabled });
        await backend.Tokens.SaveAsync(Changes(upserts: [disabled]), Ct);
        var active = disabled with { Token = disabled.Token with { Status = TokenStatus.Active } };

        var byPool = new TokenChangeSet();
        byPool.Updates.Add(new TokenUpdate(active, TokenFields.Status, 0, 0));
        await backend.Tokens.SaveAsync(byPool, Ct);
        Assert.Equal(TokenStatus.Disabled, Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token.Status);

        var byAdmin = new TokenChangeSet();
        byAdmin.Updates.Add(new TokenUpdate(active, TokenFields.StatusByAdmin, 0, 0));
        await backend.Tokens.SaveAsync(byAdmin, Ct);
        Assert.Equal(TokenStatus.Active, Assert.Single(await backend.Tokens.LoadAsync(Ct)).Token.Status);
    }

    [Fact]
    public async Task Tokens_LoadByIds_ReturnsOnlyThoseStored()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        await backend.Tokens.SaveAsync(Changes(upserts: [.. Enumerable.Range(0, 20).Select(i => new PooledToken(TokenPools.Basic, new StoredToken { Token = "k" + i }))]), Ct);

        var found = await backend.Tokens.LoadAsync([TokenIdentity.IdOf("k3"), TokenIdentity.IdOf("k17"), TokenIdentity.IdOf("missing")], Ct);

        Assert.Equal(["k17", "k3"], found.Select(t => t.Token.Token).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tokens_ABatchIsAllOrNothing()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        var changes = Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "ok" }), new(new string('p', 200), new StoredToken { Token = "bad pool too long" })]);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.Tokens.SaveAsync(changes, Ct));

        Assert.Empty(await backend.Tokens.LoadAsync(Ct));
    }

    [Fact]
    public async Task Notices_ReachOtherInstances_NeverTheirOwn()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var atA = Collect(a, stop.Token);
        var atB = Collect(b, stop.Token);
        await Task.Delay(300, Ct);

        await a.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "n1" })], deletes: ["n2"]), Ct);

        var notice = await atB.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.False(notice.Everything);
        Assert.Equivalent(new[] { TokenIdentity.IdOf("n1"), TokenIdentity.IdOf("n2") }, notice.Ids);

        // Many ids travel as "everything".
        await b.Tokens.SaveAsync(Changes(upserts: [.. Enumerable.Range(0, 400).Select(i => new PooledToken(TokenPools.Basic, new StoredToken { Token = "m" + i }))]), Ct);
        var big = await atA.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.True(big.Everything);

        await Task.Delay(1500, Ct);
        Assert.False(atA.Reader.TryRead(out var own), $"a heard {own}");
        Assert.False(atB.Reader.TryRead(out var ownB), $"b heard {ownB}");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Config_PerKeyWritesOfTwoInstancesBothSurvive_AndWatchFiresElsewhere()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");
        Assert.Null(await a.Config.LoadAsync(Ct));
        await a.Config.SaveAsync(Tree("""{"app":{"api_key":"k","ratio":"1:1"},"token":{"save_delay_ms":500},"odd":[1,2]}"""), Ct);
        var seenByB = await b.Config.LoadAsync(Ct);
        Assert.NotNull(seenByB);
        var loadedByA = await a.Config.LoadAsync(Ct);

        var watchA = a.Config.Watch();
        var watchB = b.Config.Watch();
        var fired = new TaskCompletionSource();
        using var registration = watchA.RegisterChangeCallback(_ => fired.TrySetResult(), null);

        // Each instance edits a different key of its own (stale) copy.
        var editA = (JsonObject)loadedByA!.DeepClone();
        editA["app"]!["api_key"] = "changed-by-a";
        var editB = (JsonObject)seenByB!.DeepClone();
        editB["token"]!["save_delay_ms"] = 900;
        ((JsonObject)editB["app"]!).Remove("ratio");
        await a.Config.SaveAsync(editA, Ct);
        await b.Config.SaveAsync(editB, Ct);

        var merged = await a.Config.LoadAsync(Ct);
        Assert.True(JsonNode.DeepEquals(Tree("""{"app":{"api_key":"changed-by-a"},"token":{"save_delay_ms":900},"odd":[1,2]}"""), merged), merged!.ToJsonString());

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Task.Delay(1000, Ct);
        Assert.True(watchB.HasChanged); // a's write
        Assert.False(b.Config.Watch().HasChanged, "b's own write fired b's watch");
    }

    [Fact]
    public async Task Leases_OneHolderAtATime_ExpiryByTheDatabaseClock_Release()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");

        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(1), Ct));
        Assert.False(await b.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(1), Ct));
        Assert.True(await b.Leases.TryAcquireAsync("other", TimeSpan.FromSeconds(30), Ct));

        await Task.Delay(1300, Ct);
        Assert.True(await b.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        Assert.False(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));

        await a.Leases.ReleaseAsync("token_refresh", Ct);
        Assert.False(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
        await b.Leases.ReleaseAsync("token_refresh", Ct);
        Assert.True(await a.Leases.TryAcquireAsync("token_refresh", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task Schema_OpenedByManyAtOnceAndAgain_IsCreatedOnce()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var backends = Enumerable.Range(0, 6).Select(i => Track(Create(url, new StoreInstance("s" + i)))).ToList();

        await Task.WhenAll(backends.Select(b => b.OpenAsync(Ct)));
        var again = await OpenAsync(url, "again");

        await backends[0].Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "x" })]), Ct);
        Assert.Single(await again.Tokens.LoadAsync(Ct));
        Assert.False(await again.IsSeededAsync(Ct));
        await backends[3].MarkSeededAsync(Ct);
        Assert.True(await again.IsSeededAsync(Ct));
    }

    [Fact]
    public async Task TasksAndVideoJobs_UpsertDeleteLoad()
    {
        var backend = await OpenAsync(await Servers.NewDatabaseUrlAsync(Scheme));
        var task = new BatchTaskRecord
        {
            Id = "t1", Kind = "assets_load", Status = "done", Total = 2, Processed = 2, Ok = 1, Fail = 1, CreatedAt = 2,
            Errors = [new BatchTaskItemError("0123456789abcdef", "abc…xyz", "403 ü")], Assets = [new BatchTaskAssetCount("fedcba9876543210", "d…w", 9)], EndedAt = 3,
        };
        await backend.Tasks.UpsertAsync([task, new BatchTaskRecord { Id = "t0", Kind = "refresh", Status = "running", CreatedAt = 1 }], Ct);
        await backend.Tasks.UpsertAsync([task with { Status = "failed", Reason = "restart" }], Ct);
        var tasks = await backend.Tasks.LoadAsync(Ct);
        Assert.Equal(["t1", "t0"], tasks.Select(t => t.Id));
        Assert.Equal("restart", tasks[0].Reason);
        Assert.Equal("403 ü", Assert.Single(tasks[0].Errors).Reason);
        Assert.Equal(9, Assert.Single(tasks[0].Assets).Count);
        await backend.Tasks.DeleteAsync(["t1", "unknown"], Ct);
        Assert.Equal(["t0"], (await backend.Tasks.LoadAsync(Ct)).Select(t => t.Id));

        var job = new VideoJobRecord { Id = "video_b", Model = "grok-video", Status = "queued", CreatedAt = 20, Prompt = "a cat 🐈" };
        await backend.VideoJobs.UpsertAsync(job, Ct);
        await backend.VideoJobs.UpsertAsync(new VideoJobRecord { Id = "video_a", Model = "m", Status = "completed", CreatedAt = 10, VideoUrl = "https://x/v.mp4" }, Ct);
        await backend.VideoJobs.UpsertAsync(job with { Deleted = true, Progress = 50 }, Ct);
        Assert.Equal(["video_a", "video_b"], (await backend.VideoJobs.LoadAsync(Ct)).Select(j => j.Id));
        var found = await backend.VideoJobs.FindAsync("video_b", Ct);
        Assert.Equal(job with { Deleted = true, Progress = 50 }, found);
        Assert.Null(await backend.VideoJobs.FindAsync("nope", Ct));
        await backend.VideoJobs.DeleteAsync(["video_b"], Ct);
        Assert.Equal(["video_a"], (await backend.VideoJobs.LoadAsync(Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task Outage_ServerDownThenBack_CallsFailBounded_ThenRecover_AndListenersHearEverything()
    {
        var url = await Servers.NewDatabaseUrlAsync(Scheme);
        var a = await OpenAsync(url, "a");
        var b = await OpenAsync(url, "b");
        await a.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "before" })]), Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var atB = Collect(b, stop.Token);
        await Task.Delay(300, Ct);

        var restart = await StopServerAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => a.Tokens.LoadAsync(Ct));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(12), watch.Elapsed.ToString());
            Assert.StartsWith(Kind + ":", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(SqlServers.Password, error.ToString(), StringComparison.Ordinal);
            Assert.False(a.Health.Reachable);
        }
        finally
        {
            await restart();
        }

        // The notice of "before" may come first; then the reconnect says "everything".
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await atB.Reader.ReadAsync(within.Token)).Everything)
        {
        }

        await a.Tokens.SaveAsync(Changes(upserts: [new(TokenPools.Basic, new StoredToken { Token = "after" })]), Ct);
        Assert.Equal(["after", "before"], (await a.Tokens.LoadAsync(Ct)).Select(t => t.Token.Token).Order(StringComparer.Ordinal));
        Assert.True(a.Health.Reachable);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Outage_NoServer_FailsFastWithStoreUnavailable_WithoutThePassword()
    {
        var port = SqlServers.FreePort();
        var backend = Track(Create($"{Scheme}://u:TopSecret99@127.0.0.1:{port}/db?connect_timeout=2", new StoreInstance("x")));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.OpenAsync(Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        Assert.StartsWith(Kind + ":", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret99", error.Message, StringComparison.Ordinal);
        Assert.False(backend.Health.Reachable);
        Assert.Equal("unavailable", backend.Health.View().State);
        Assert.Equal($"{Kind} 127.0.0.1:{port}/db", backend.Describe);
    }

    [Fact]
    public async Task Outage_ServerThatNeverAnswers_IsBoundedByTheConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var backend = Track(Create($"{Scheme}://u:TopSecret99@127.0.0.1:{port}/db?connect_timeout=1", new StoreInstance("x")));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.Tokens.LoadAsync(Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), watch.Elapsed.ToString());
        Assert.DoesNotContain("TopSecret99", error.ToString(), StringComparison.Ordinal);
        Assert.False(backend.Health.Reachable);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static TokenChangeSet Changes(IEnumerable<PooledToken>? upserts = null, IEnumerable<string>? deletes = null)
    {
        var changes = new TokenChangeSet();
        changes.Upserts.AddRange(upserts ?? []);
        changes.Deletes.AddRange(deletes ?? []);
        return changes;
    }

    private static JsonObject Tree(string json) => JsonNode.Parse(json)!.AsObject();

    private static System.Threading.Channels.Channel<TokenChangeNotice> Collect(IStorageBackend backend, CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<TokenChangeNotice>();
        _ = Task.Run(async () =>
        {
            await foreach (var notice in backend.TokenChanges!.ListenAsync(cancellationToken))
            {
                channel.Writer.TryWrite(notice);
            }
        }, CancellationToken.None);
        return channel;
    }

    private static PooledToken RandomToken(Random random, string token)
    {
        long? Maybe() => random.Next(3) == 0 ? null : random.NextInt64(0, 2_000_000_000_000);
        var statuses = Enum.GetValues<TokenStatus>();
        return new PooledToken(random.Next(2) == 0 ? TokenPools.Basic : TokenPools.Super, new StoredToken
        {
            Token = token,
            Status = statuses[random.Next(statuses.Length)],
            Quota = random.Next(0, 100),
            UseCount = random.Next(0, 20),
            CreatedAt = Maybe(),
            LastUsedAt = Maybe(),
            FailCount = random.Next(0, 5),
            LastFailAt = Maybe(),
            LastFailReason = random.Next(2) == 0 ? null : "r" + random.Next(100),
            LastSyncAt = Maybe(),
            Tags = [.. Enumerable.Range(0, random.Next(3)).Select(i => "tag" + random.Next(5))],
            Note = random.Next(2) == 0 ? "" : "note " + random.Next(100),
            LastAssetClearAt = Maybe(),
        });
    }

    private static void AssertSame(PooledToken expected, PooledToken actual, string because = "")
    {
        Assert.True(expected.Pool == actual.Pool, $"pool {because}");
        var e = expected.Token;
        var a = actual.Token;
        Assert.Equal(
            (e.Token, e.Status, e.Quota, e.CreatedAt, e.LastUsedAt, e.UseCount, e.FailCount, e.LastFailAt, e.LastFailReason, e.LastSyncAt, e.Note, e.LastAssetClearAt),
            (a.Token, a.Status, a.Quota, a.CreatedAt, a.LastUsedAt, a.UseCount, a.FailCount, a.LastFailAt, a.LastFailReason, a.LastSyncAt, a.Note, a.LastAssetClearAt));
        Assert.Equal(e.Tags, a.Tags);
        Assert.Equal(
            e.Extra?.ToDictionary(p => p.Key, p => p.Value.GetRawText()) ?? [],
            a.Extra?.ToDictionary(p => p.Key, p => p.Value.GetRawText()) ?? []);
    }

    private async Task<IStorageBackend> OpenAsync(string url, string instance = "i")
    {
        var backend = Track(Create(url, new StoreInstance(instance)));
        await backend.OpenAsync(Ct);
        return backend;
    }

    private IStorageBackend Track(IStorageBackend backend)
    {
        _backends.Add(backend);
        return backend;
    }
}

[Collection(SqlServersCollection.Name)]
public sealed class PostgresBackendTests(SqlServers servers) : SqlBackendTests(servers)
{
    protected override string Scheme => "postgresql+asyncpg";

    protected override string Kind => "pgsql";

    protected override IStorageBackend Create(string url, StoreInstance instance) =>
        new PostgresStorageBackend(url, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override Task<Func<Task>> StopServerAsync() => Servers.StopPostgresAsync();
}

[Collection(SqlServersCollection.Name)]
public sealed class MySqlBackendTests(SqlServers servers) : SqlBackendTests(servers)
{
    protected override string Scheme => "mariadb+aiomysql";

    protected override string Kind => "mysql";

    protected override IStorageBackend Create(string url, StoreInstance instance) =>
        new MySqlStorageBackend(url, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override Task<Func<Task>> StopServerAsync() => Servers.StopMariaDbAsync();
}
