using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>The <c>assets_load</c> and <c>assets_clear</c> batch tasks against the simulator's online files.</summary>
public sealed class TasksAssetsTests
{
    [Fact]
    public async Task AssetsLoad_ReadsEveryPage_AndReportsTheCountPerToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string many = TestTokens.New("many"), none = TestTokens.New("none");
        await upstream.Admin.AddAsync("ssoBasic", [many, none], ct);
        upstream.Simulator.OnlineAssets.Seed(many, 120);

        var id = await tasks.StartAsync("assets_load", null, 2, ct);
        var events = await tasks.EventsAsync(id, ct);
        var final = TaskApi.AssertWellFormed(events, id);
        Assert.Equal("done", final.GetProperty("type").GetString());

        var counts = events.Where(e => e.GetProperty("type").GetString() == "progress").Select(e => e.GetProperty("item"))
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("count").GetInt32());
        var view = await tasks.GetAsync(id, ct);
        var assets = view.GetProperty("assets").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("count").GetInt32());
        // The stored view has every count; a listener that attached after an item was done saw it only in
        // the snapshot, so the progress events carry the items processed after it attached, with the same count.
        Assert.Equal(120, assets[TestTokens.IdOf(many)]);
        Assert.Equal(0, assets[TestTokens.IdOf(none)]);
        Assert.All(counts, pair => Assert.Equal(assets[pair.Key], pair.Value));

        // Three pages of 50, the page token of each answer sent with the next, Referer /files; nothing deleted.
        var lists = upstream.Simulator.Requests.Where(r => r.Token == many).ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal(UpstreamPaths.AssetsList, r.Path));
        Assert.All(lists, r => Assert.EndsWith("/files", r.Header("referer"), StringComparison.Ordinal));
        Assert.Equal("?pageSize=50&orderBy=ORDER_BY_LAST_USE_TIME&source=SOURCE_ANY&isLatest=true", lists[0].Query);
        Assert.EndsWith("&pageToken=page-50", lists[1].Query, StringComparison.Ordinal);
        Assert.EndsWith("&pageToken=page-100", lists[2].Query, StringComparison.Ordinal);
        Assert.Equal(120, upstream.Simulator.OnlineAssets.ForToken(many).Count);
        Assert.Equal(JsonValueKind.Null, (await upstream.Admin.ItemAsync(TestTokens.IdOf(many), ct)).GetProperty("last_asset_clear_at").ValueKind);
    }

    [Fact]
    public async Task AssetsClear_DeletesEveryAsset_WithinTheDeleteLimit_AndStampsTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct, "[asset]\ndelete_concurrent = 4\ndelete_batch_size = 2\n");
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string a = TestTokens.New("a"), b = TestTokens.New("b"), failing = TestTokens.New("failing");
        await upstream.Admin.AddAsync("ssoBasic", [a, b, failing], ct);
        var seededA = upstream.Simulator.OnlineAssets.Seed(a, 60);
        upstream.Simulator.OnlineAssets.Seed(b, 7);
        upstream.Simulator.OnlineAssets.Seed(failing, 2);
        upstream.Simulator.Faults.SetPersistent(a, Fault.Delay(TimeSpan.FromMilliseconds(40)));
        upstream.Simulator.Faults.SetPersistent(failing, Fault.ServerError(500).OnlyFor(UpstreamPaths.AssetsList));
        var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        var id = await tasks.StartAsync("assets_clear", null, 3, ct);
        var view = await tasks.WaitEndedAsync(id, ct);

        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal(2, view.GetProperty("ok").GetInt32());
        var error = Assert.Single(view.GetProperty("errors").EnumerateArray());
        Assert.Equal(TestTokens.IdOf(failing), error.GetProperty("id").GetString());
        Assert.StartsWith("500", error.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Empty(upstream.Simulator.OnlineAssets.ForToken(a));
        Assert.Empty(upstream.Simulator.OnlineAssets.ForToken(b));
        Assert.Equal(2, upstream.Simulator.OnlineAssets.ForToken(failing).Count);
        Assert.Equal(seededA.Order(), upstream.Simulator.OnlineAssets.Deleted.Where(d => d.Token == a).Select(d => d.AssetId).Order());
        Assert.All(
            upstream.Simulator.Requests.Where(r => r.Method == "DELETE"),
            r => Assert.EndsWith("/files", r.Header("referer"), StringComparison.Ordinal));
        Assert.InRange(upstream.Simulator.OnlineAssets.Deletes.PeakInFlight, 2, 4);

        foreach (var cleared in (string[])[a, b])
        {
            Assert.InRange((await upstream.Admin.ItemAsync(TestTokens.IdOf(cleared), ct)).GetProperty("last_asset_clear_at").GetInt64(), before, long.MaxValue);
        }

        Assert.Equal(JsonValueKind.Null, (await upstream.Admin.ItemAsync(TestTokens.IdOf(failing), ct)).GetProperty("last_asset_clear_at").ValueKind);
    }
}
