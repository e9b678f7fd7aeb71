using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// What a store shared by several gateway instances must add: atomic deltas across instances,
/// change notices to the others, per-key config writes and watches, leases between instances, the
/// seeded marker, concurrent schema creation, bounded failures during an outage and recovery after
/// it, and no password in any message.
/// </summary>
public abstract class SharedStorageBackendContract : StorageBackendContract
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>The password in the store URL (must never appear in messages).</summary>
    protected abstract string Password { get; }

    /// <summary>The store URL with a wrong password.</summary>
    protected abstract string WithWrongPassword(string url, string password);

    /// <summary>Graceful stop of the server (data kept).</summary>
    protected abstract Task StopServerAsync();

    /// <summary>Starts the server again on the same port and data.</summary>
    protected abstract Task RestartServerAsync();

    [Fact]
    public async Task Stored_responses_written_by_one_instance_are_read_deleted_and_purged_by_another()
    {
        var a = await OpenAsync("resp-a");
        var b = await OpenAsync("resp-b");
        var one = NewResponse();
        var two = NewResponse(expiresIn: 50);
        await a.Responses.PutAsync(one, Ct);
        await a.Responses.PutAsync(two, Ct);

        AssertResponse(one, await b.Responses.FindAsync(one.Id, ResponseBase, Ct));
        AssertResponse(two, await b.Responses.FindAsync(two.Id, ResponseBase, Ct));

        var replaced = one with { Response = "{\"by\":\"b\"}"u8.ToArray() };
        await b.Responses.PutAsync(replaced, Ct);
        AssertResponse(replaced, await a.Responses.FindAsync(one.Id, ResponseBase, Ct));

        Assert.True(await b.Responses.DeleteAsync(one.Id, ResponseBase, Ct));
        Assert.Null(await a.Responses.FindAsync(one.Id, ResponseBase, Ct));
        Assert.False(await a.Responses.DeleteAsync(one.Id, ResponseBase, Ct));

        Assert.Equal(1, await b.Responses.PurgeExpiredAsync(ResponseBase + 50, Ct));
        Assert.Null(await a.Responses.FindAsync(two.Id, ResponseBase, Ct));
    }

    [Fact]
    public async Task Concurrent_deltas_from_two_instances_sum_exactly()
    {
        var a = await OpenAsync("a");
        var b = await OpenAsync("b");
        var token = BareToken(quota: 1000);
        await SaveAsync(a, upserts: [token]);

        async Task Hammer(IStorageBackend backend) =>
            await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (_, _) =>
                await SaveAsync(backend, updates: [Update(token.Token.Token, TokenFields.None, quotaDelta: -1, useDelta: 1)]));
        await Task.WhenAll(Hammer(a), Hammer(b));

        var stored = Single(await LoadFreshAsync(), token.Token.Token).Token;
        Assert.Equal(400, stored.Quota);
        Assert.Equal(600, stored.UseCount);
    }

    [Fact]
    public async Task The_change_feed_tells_other_instances_the_ids_and_not_the_writer()
    {
        var a = await OpenAsync("feed-a");
        var b = await OpenAsync("feed-b");
        Assert.NotNull(a.TokenChanges);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var heardByA = Listen(a, stop.Token);
        var heardByB = Listen(b, stop.Token);

        // Until B's listener is attached, A writes a probe token again and again.
        var probe = BareToken();
        await Until(async () =>
        {
            await SaveAsync(a, upserts: [probe]);
            return await Heard(heardByB, TokenIdentity.IdOf(probe.Token.Token), TimeSpan.FromMilliseconds(500));
        }, "B never heard A's writes");

        var upserted = BareToken();
        await SaveAsync(a, upserts: [upserted], updates: [Update(probe.Token.Token, TokenFields.None, quotaDelta: -1)]);
        await SaveAsync(a, deletes: [probe.Token.Token]);
        var idsOfA = new[] { probe, upserted }.Select(t => TokenIdentity.IdOf(t.Token.Token)).ToHashSet(StringComparer.Ordinal);
        Assert.True(await Heard(heardByB, TokenIdentity.IdOf(upserted.Token.Token), Bound), "B did not hear the upsert");

        // B writes: A hears B (so A's listener works) but never heard its own ids.
        var fromB = BareToken();
        await SaveAsync(b, upserts: [fromB]);
        var notices = new List<TokenChangeNotice>();
        var deadline = Stopwatch.StartNew();
        while (!notices.Any(n => n.Ids.Contains(TokenIdentity.IdOf(fromB.Token.Token))) && deadline.Elapsed < Bound)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                notices.Add(await heardByA.Reader.ReadAsync(wait.Token));
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                await SaveAsync(b, upserts: [fromB]);
            }
        }

        Assert.Contains(notices, n => n.Ids.Contains(TokenIdentity.IdOf(fromB.Token.Token)));
        Assert.DoesNotContain(notices, n => !n.Everything && n.Ids.Any(idsOfA.Contains));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Config_writes_by_two_instances_on_different_keys_both_survive_and_watch_fires_on_the_other()
    {
        var a = await OpenAsync("cfg-a");
        var b = await OpenAsync("cfg-b");
        Assert.Null(await a.Config.LoadAsync(Ct));
        Assert.Null(await b.Config.LoadAsync(Ct));
        var watchB = b.Config.Watch();

        await a.Config.SaveAsync(new JsonObject { ["grok"] = new JsonObject { ["timeout"] = 60, ["old"] = "x" } }, Ct);
        await b.Config.SaveAsync(new JsonObject { ["app"] = new JsonObject { ["api_key"] = "from-b" } }, Ct);

        var merged = await (await OpenAsync()).Config.LoadAsync(Ct);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["grok"] = new JsonObject { ["timeout"] = 60, ["old"] = "x" }, ["app"] = new JsonObject { ["api_key"] = "from-b" } }, merged), merged?.ToJsonString());

        await Until(() => Task.FromResult(watchB.HasChanged), "B's Watch() did not fire after A changed the config");

        var watchA = a.Config.Watch();
        await a.Config.SaveAsync(new JsonObject { ["grok"] = new JsonObject { ["timeout"] = 60 } }, Ct);
        var final = await (await OpenAsync()).Config.LoadAsync(Ct);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["grok"] = new JsonObject { ["timeout"] = 60 }, ["app"] = new JsonObject { ["api_key"] = "from-b" } }, final), final?.ToJsonString());
        await Task.Delay(1500, Ct);
        Assert.False(watchA.HasChanged, "A's Watch() fired for A's own write");
    }

    [Fact]
    public async Task A_lease_is_refused_to_another_instance_taken_over_after_expiry_and_released_only_by_its_holder()
    {
        var a = await OpenAsync("lease-a");
        var b = await OpenAsync("lease-b");
        var ttl = TimeSpan.FromSeconds(2);
        Assert.True(await a.Leases.TryAcquireAsync("job", ttl, Ct));
        Assert.False(await b.Leases.TryAcquireAsync("job", ttl, Ct));
        await b.Leases.ReleaseAsync("job", Ct);
        Assert.False(await b.Leases.TryAcquireAsync("job", ttl, Ct));

        await Task.Delay(1200, Ct);
        Assert.True(await a.Leases.TryAcquireAsync("job", ttl, Ct));
        await Task.Delay(1200, Ct);
        Assert.False(await b.Leases.TryAcquireAsync("job", ttl, Ct));

        await Until(() => b.Leases.TryAcquireAsync("job", ttl, Ct), "the expired lease was not taken over");
        Assert.False(await a.Leases.TryAcquireAsync("job", ttl, Ct));
        await b.Leases.ReleaseAsync("job", Ct);
        Assert.True(await a.Leases.TryAcquireAsync("job", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task The_seeded_marker_is_shared()
    {
        var a = await OpenAsync();
        Assert.False(await a.IsSeededAsync(Ct));
        await a.MarkSeededAsync(Ct);
        var b = await OpenAsync();
        Assert.True(await b.IsSeededAsync(Ct));
        Assert.True(await a.IsSeededAsync(Ct));
    }

    [Fact]
    public async Task Opening_twice_and_opening_concurrently_on_an_empty_store_succeed()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => OpenAsync("open-" + i)));
        await opened[0].OpenAsync(Ct);
        var token = FullToken();
        await SaveAsync(opened[1], upserts: [token]);
        Assert.Equal(Canon(token), Canon(Single(await opened[2].Tokens.LoadAsync(Ct), token.Token.Token)));
        Assert.Equal(Canon(token), Canon(Single(await opened[0].Tokens.LoadAsync(Ct), token.Token.Token)));
    }

    [Fact]
    public async Task Describe_and_a_refused_login_never_show_the_password()
    {
        var a = await OpenAsync();
        Assert.DoesNotContain(Password, a.Describe, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", a.Describe, StringComparison.Ordinal);

        const string wrong = "Wr0ngPassw0rdXyz";
        var bad = Create(WithWrongPassword(Store, wrong), new StoreInstance("bad"));
        try
        {
            var watch = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => bad.OpenAsync(Ct));
            Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
            AssertNoSecret(e, wrong);
            Assert.DoesNotContain(wrong, bad.Describe, StringComparison.Ordinal);
        }
        finally
        {
            await bad.DisposeAsync();
        }
    }

    [Fact]
    public async Task During_an_outage_calls_fail_in_bounded_time_and_work_again_after_the_restart()
    {
        var a = await OpenAsync();
        var token = BareToken(quota: 5);
        await SaveAsync(a, upserts: [token]);
        Assert.True(a.Health.Reachable);

        await StopServerAsync();
        try
        {
            var calls = new Func<Task>[]
            {
                () => a.Tokens.LoadAsync(Ct),
                () => SaveAsync(a, updates: [Update(token.Token.Token, TokenFields.None, quotaDelta: -1)]),
                () => a.Config.LoadAsync(Ct),
                () => a.Tasks.LoadAsync(Ct),
                () => a.VideoJobs.LoadAsync(Ct),
                () => a.Leases.TryAcquireAsync("l", TimeSpan.FromSeconds(5), Ct),
                () => a.IsSeededAsync(Ct),
            };
            foreach (var call in calls)
            {
                var watch = Stopwatch.StartNew();
                var e = await Assert.ThrowsAsync<StoreUnavailableException>(call);
                Assert.True(watch.Elapsed < Bound, $"a call took {watch.Elapsed} during the outage");
                AssertNoSecret(e, Password);
            }

            Assert.False(a.Health.Reachable);
            Assert.Equal("unavailable", a.Health.View().State);
            Assert.DoesNotContain(Password, a.Health.View().Error ?? "", StringComparison.Ordinal);
        }
        finally
        {
            await RestartServerAsync();
        }

        await Until(async () =>
        {
            try
            {
                await a.Tokens.LoadAsync(Ct);
                return true;
            }
            catch (StoreUnavailableException)
            {
                return false;
            }
        }, "the store did not work again after the restart");
        await SaveAsync(a, updates: [Update(token.Token.Token, TokenFields.None, quotaDelta: -1)]);
        Assert.Equal(4, Single(await a.Tokens.LoadAsync(Ct), token.Token.Token).Token.Quota);
        Assert.True(a.Health.Reachable);
        Assert.Equal("ok", a.Health.View().State);
    }

    private static void AssertNoSecret(Exception e, string secret)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            Assert.DoesNotContain(secret, x.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
    }

    private static Channel<TokenChangeNotice> Listen(IStorageBackend backend, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<TokenChangeNotice>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var notice in backend.TokenChanges!.ListenAsync(cancellationToken))
                {
                    await channel.Writer.WriteAsync(notice, CancellationToken.None);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return channel;
    }

    private static async Task<bool> Heard(Channel<TokenChangeNotice> channel, string id, TimeSpan within)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(within);
        try
        {
            while (true)
            {
                var notice = await channel.Reader.ReadAsync(wait.Token);
                if (notice.Ids.Contains(id))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task Until(Func<Task<bool>> condition, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Bound)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail(failure);
    }
}
