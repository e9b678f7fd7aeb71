using System.Net;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>The <c>refresh</c> batch task end to end: the rate-limits call per token, events, counters and the token view.</summary>
public sealed class TasksRefreshTests
{
    [Fact]
    public async Task Refresh_SyncsEveryToken_StreamsOneProgressPerItem_AndEndsDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [.. Enumerable.Range(0, 5).Select(i => TestTokens.New("r" + i))];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);
        for (var i = 0; i < tokens.Length; i++)
        {
            upstream.Simulator.Accounts.Set(tokens[i], remaining: 10 + i, total: 80);
        }

        // Slow answers, so the stream is opened while the task runs.
        upstream.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(150)).OnlyFor(UpstreamPaths.RateLimits));
        var id = await tasks.StartAsync("refresh", null, tokens.Length, ct);
        var events = await tasks.EventsAsync(id, ct);

        var final = TaskApi.AssertWellFormed(events, id);
        Assert.Equal("done", final.GetProperty("type").GetString());
        Assert.Equal(5, final.GetProperty("ok").GetInt32());
        Assert.Equal(0, final.GetProperty("fail").GetInt32());
        var progress = events.Where(e => e.GetProperty("type").GetString() == "progress").ToList();
        var processedBefore = events[0].GetProperty("processed").GetInt32();
        Assert.Equal(tokens.Length - processedBefore, progress.Count);
        Assert.Equal(
            Enumerable.Range(processedBefore + 1, progress.Count),
            progress.Select(p => p.GetProperty("processed").GetInt32()));
        foreach (var item in progress.Select(p => p.GetProperty("item")))
        {
            Assert.True(item.GetProperty("ok").GetBoolean());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("reason").ValueKind);
            Assert.Equal(JsonValueKind.Null, item.GetProperty("count").ValueKind);
            var token = tokens.Single(t => TestTokens.IdOf(t) == item.GetProperty("id").GetString());
            Assert.Equal(Grok2Api.Storage.Tokens.TokenIdentity.Mask(token), item.GetProperty("token_masked").GetString());
        }

        // Every token asked once; the pool holds the upstream's quotas.
        foreach (var (token, index) in tokens.Select((t, i) => (t, i)))
        {
            Assert.Equal(1, upstream.Simulator.RequestCount(token, UpstreamPaths.RateLimits));
            Assert.Equal(10 + index, (await upstream.Admin.ItemAsync(TestTokens.IdOf(token), ct)).GetProperty("quota").GetInt32());
        }

        var view = await tasks.GetAsync(id, ct);
        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal("refresh", view.GetProperty("kind").GetString());
        Assert.Equal(5, view.GetProperty("processed").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("ended_at").ValueKind);
        Assert.Empty(view.GetProperty("errors").EnumerateArray());
        Assert.Empty(view.GetProperty("assets").EnumerateArray());
    }

    [Fact]
    public async Task Refresh_OfChosenIds_CountsAFailedItemWithItsReason_AndAnUnknownIdAsNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string good = TestTokens.New("good"), rejected = TestTokens.New("rejected"), untouched = TestTokens.New("untouched");
        await upstream.Admin.AddAsync("ssoBasic", [good, rejected, untouched], ct);
        upstream.Simulator.Faults.SetPersistent(rejected, Fault.Unauthorized().OnlyFor(UpstreamPaths.RateLimits));
        const string unknown = "0123456789abcdef";

        var id = await tasks.StartAsync("refresh", [TestTokens.IdOf(good), TestTokens.IdOf(rejected), unknown], 3, ct);
        var view = await tasks.WaitEndedAsync(id, ct);

        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal(3, view.GetProperty("processed").GetInt32());
        Assert.Equal(1, view.GetProperty("ok").GetInt32());
        Assert.Equal(2, view.GetProperty("fail").GetInt32());
        var errors = view.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.StartsWith("401", errors[TestTokens.IdOf(rejected)].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(Grok2Api.Storage.Tokens.TokenIdentity.Mask(rejected), errors[TestTokens.IdOf(rejected)].GetProperty("token_masked").GetString());
        Assert.Equal("not found", errors[unknown].GetProperty("reason").GetString());
        Assert.Equal("", errors[unknown].GetProperty("token_masked").GetString());
        Assert.Equal(0, upstream.Simulator.RequestCount(untouched));

        // The 401 counted against the token, as on every call.
        Assert.Equal(1, (await upstream.Admin.ItemAsync(TestTokens.IdOf(rejected), ct)).GetProperty("fail_count").GetInt32());
    }

    [Fact]
    public async Task Refresh_WhereEveryItemFails_EndsFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct, "[retry]\nmax_retry = 1\n");
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [TestTokens.New("f1"), TestTokens.New("f2")];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);
        upstream.Simulator.Faults.SetPersistent(null, Fault.ServerError(503).OnlyFor(UpstreamPaths.RateLimits));

        var id = await tasks.StartAsync("refresh", null, 2, ct);
        var final = TaskApi.AssertWellFormed(await tasks.EventsAsync(id, ct), id);

        Assert.Equal("failed", final.GetProperty("type").GetString());
        Assert.Equal(2, final.GetProperty("fail").GetInt32());
        Assert.Equal(2, final.GetProperty("errors").GetArrayLength());
        Assert.Equal("every item failed", final.GetProperty("reason").GetString());
        Assert.Equal("failed", (await tasks.GetAsync(id, ct)).GetProperty("status").GetString());
    }
}
