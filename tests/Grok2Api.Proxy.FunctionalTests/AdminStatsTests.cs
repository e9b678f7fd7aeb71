using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// <c>GET /v1/admin/stats</c> (docs/adr/0011) over real Kestrel: the pool's numbers agree with the
/// token list, the calls come from real chat requests through the simulator, and the attention list
/// names the expired, cooling and failing tokens by id and mask only.
/// </summary>
public sealed class AdminStatsTests
{
    private const string Stats = "/v1/admin/stats";

    [Fact]
    public async Task Stats_TokenCounts_AgreeWithTheTokenList()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        string[] basic = [.. Enumerable.Range(0, 5).Select(i => TestTokens.New($"b{i}"))];
        string[] super = [.. Enumerable.Range(0, 3).Select(i => TestTokens.New($"s{i}"))];
        await admin.AddAsync("ssoBasic", basic, ct);
        await admin.AddAsync("ssoSuper", super, ct);
        await PatchAsync(admin, basic[0], new JsonObject { ["status"] = "disabled" }, ct);
        await PatchAsync(admin, basic[1], new JsonObject { ["quota"] = 0 }, ct);
        await PatchAsync(admin, basic[2], new JsonObject { ["quota"] = 17, ["tags"] = new JsonArray("nsfw") }, ct);
        await PatchAsync(admin, super[0], new JsonObject { ["tags"] = new JsonArray("nsfw", "vip") }, ct);
        await PatchAsync(admin, super[1], new JsonObject { ["quota"] = 0 }, ct);

        var stats = await admin.JsonAsync(HttpMethod.Get, Stats, null, ct);

        var tokens = stats.GetProperty("tokens");
        var all = await admin.ItemsAsync(ct);
        Assert.Equal(all.Count, tokens.GetProperty("total").GetInt32());
        Assert.Equal(8, all.Count);
        foreach (var status in new[] { "active", "cooling", "expired", "disabled" })
        {
            Assert.Equal(all.Count(i => i.GetProperty("status").GetString() == status), tokens.GetProperty("by_status").GetProperty(status).GetInt32());
        }

        var byPool = tokens.GetProperty("by_pool").EnumerateArray().ToList();
        Assert.Equal(["ssoBasic", "ssoSuper"], byPool.Select(p => p.GetProperty("pool").GetString()));
        long quotaLeft = 0;
        foreach (var pool in byPool)
        {
            var name = pool.GetProperty("pool").GetString();
            var listed = await admin.ListAsync($"?pool={name}&page_size=500", ct);
            var items = listed.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(listed.GetProperty("total").GetInt32(), pool.GetProperty("total").GetInt32());
            foreach (var status in new[] { "active", "cooling", "expired", "disabled" })
            {
                Assert.Equal(items.Count(i => i.GetProperty("status").GetString() == status), pool.GetProperty(status).GetInt32());
            }

            var activeQuota = items.Where(i => i.GetProperty("status").GetString() == "active").Sum(i => (long)i.GetProperty("quota").GetInt32());
            Assert.Equal(activeQuota, pool.GetProperty("quota").GetInt64());
            quotaLeft += activeQuota;
        }

        // 80 + 17 + 80 active basic; 140 + 140 active super (the defaults of each pool).
        Assert.Equal(80 + 17 + 80 + 140 + 140, quotaLeft);
        Assert.Equal(quotaLeft, tokens.GetProperty("quota_left").GetInt64());
        var nsfw = await admin.ListAsync("?tag=nsfw", ct);
        Assert.Equal(2, nsfw.GetProperty("total").GetInt32());
        Assert.Equal(nsfw.GetProperty("total").GetInt32(), tokens.GetProperty("nsfw").GetInt32());

        // Two cooling tokens need attention; the disabled one does not. No whole token in any answer.
        var attention = stats.GetProperty("attention");
        Assert.Equal(2, attention.GetProperty("total").GetInt32());
        Assert.Equal(
            new[] { basic[1], super[1] }.Select(TestTokens.IdOf).Order(StringComparer.Ordinal),
            attention.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(admin.Bodies, body => Assert.All([.. basic, .. super], t => Assert.DoesNotContain(t, body, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stats_AfterRealChatCalls_CountCallsAndFailuresPerModelInHourDayAndTheCurrentBucket()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await SimulatedUpstream.StartAsync(ct);
        var admin = env.Admin;
        var token = TestTokens.New("caller");
        await admin.AddAsync("ssoBasic", [token], ct);

        var empty = await admin.JsonAsync(HttpMethod.Get, Stats, null, ct);
        Assert.Equal(0, empty.GetProperty("calls").GetProperty("day").GetProperty("calls").GetInt64());
        Assert.Empty(empty.GetProperty("models").EnumerateArray());

        var before = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var model in new[] { "grok-3", "grok-4" })
        {
            using var ok = await ChatAsync(env.Gateway, model, ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        foreach (var model in new[] { "grok-3", "grok-4" })
        {
            env.Simulator.Faults.Enqueue(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.ConversationsNew));
            using var failed = await ChatAsync(env.Gateway, model, ct);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        // Reading the catalog names a model too, but it is not a call to it.
        using (var catalog = await env.Gateway.Client.GetAsync(new Uri("/v1/models/grok-3", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        }

        var after = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        // A request is counted when its pipeline unwinds, which may be a moment after the client read the answer.
        var stats = await Eventually.PollAsync(
            () => admin.JsonAsync(HttpMethod.Get, Stats, null, ct),
            s => s.GetProperty("calls").GetProperty("day").GetProperty("calls").GetInt64() >= 4
                && s.GetProperty("attention").GetProperty("items").EnumerateArray().Any(i => i.GetProperty("fail_count").GetInt32() == 2),
            TimeSpan.FromSeconds(10),
            ct);

        var calls = stats.GetProperty("calls");
        foreach (var window in new[] { "hour", "day" })
        {
            Assert.Equal(4, calls.GetProperty(window).GetProperty("calls").GetInt64());
            Assert.Equal(2, calls.GetProperty(window).GetProperty("failures").GetInt64());
        }

        var models = stats.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.Equal(["grok-3", "grok-4"], models.Keys.Order(StringComparer.Ordinal));
        foreach (var model in models.Values)
        {
            Assert.Equal(1, model.GetProperty("hour_failures").GetInt64());
            Assert.Equal(2, model.GetProperty("hour_calls").GetInt64());
            Assert.Equal(2, model.GetProperty("day_calls").GetInt64());
            Assert.Equal(1, model.GetProperty("day_failures").GetInt64());
        }

        // 24 clock hours, oldest first; the calls are in the bucket(s) covering when they were made (the last, unless an hour turned meanwhile).
        var series = stats.GetProperty("series").EnumerateArray().Select(b => (Start: b.GetProperty("start").GetInt64(), Calls: b.GetProperty("calls").GetInt64(), Failures: b.GetProperty("failures").GetInt64())).ToList();
        Assert.Equal(24, series.Count);
        Assert.All(series.Zip(series.Skip(1)), pair => Assert.Equal(3_600_000, pair.Second.Start - pair.First.Start));
        Assert.Equal(0, series[^1].Start % 3_600_000);
        Assert.True(series[^1].Start <= after && after < series[^1].Start + 3_600_000, "the last bucket is the current hour");
        var covering = series.Where(b => b.Start + 3_600_000 > before && b.Start <= after).ToList();
        Assert.Equal(4, covering.Sum(b => b.Calls));
        Assert.Equal(2, covering.Sum(b => b.Failures));
        Assert.Equal(4, series.Sum(b => b.Calls));

        // The credential rejections leave the token active with two failures in a row: it is failing.
        var item = Assert.Single(stats.GetProperty("attention").GetProperty("items").EnumerateArray());
        Assert.Equal(TestTokens.IdOf(token), item.GetProperty("id").GetString());
        Assert.Equal("failing", item.GetProperty("reason").GetString());
        Assert.Equal("active", item.GetProperty("status").GetString());
        Assert.Equal(2, item.GetProperty("fail_count").GetInt32());
        Assert.True(item.GetProperty("last_fail_at").GetInt64() >= before);
    }

    [Fact]
    public async Task Stats_Attention_ListsExpiredCoolingAndFailingByIdAndMaskOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var expired = TestTokens.New("expired");
        var cooling = TestTokens.New("cooling");
        var failing = TestTokens.New("failing");
        var recovered = TestTokens.New("recovered");
        var oldFailure = TestTokens.New("oldfail");
        var disabled = TestTokens.New("disabled");
        var healthy = TestTokens.New("healthy");
        await using var env = await SimulatedUpstream.StartAsync(ct, tokensJson: $$"""
            {
              "ssoBasic": [
                {"token": "{{expired}}", "status": "expired", "quota": 80, "fail_count": 5, "last_fail_at": {{now - 60_000}}, "last_fail_reason": "app_chat_auth_failed"},
                {"token": "{{cooling}}", "status": "cooling", "quota": 0, "last_fail_at": {{now - 120_000}}, "last_fail_reason": "rate_limited"},
                {"token": "{{recovered}}", "status": "active", "quota": 80, "last_fail_at": {{now - 300_000}}, "last_used_at": {{now - 200_000}}},
                {"token": "{{oldFailure}}", "status": "active", "quota": 80, "last_fail_at": {{now - 7_200_000}}},
                {"token": "{{disabled}}", "status": "disabled", "quota": 80, "fail_count": 3, "last_fail_at": {{now - 60_000}}},
                "{{healthy}}"
              ],
              "ssoSuper": [
                {"token": "{{failing}}", "status": "active", "quota": 140, "fail_count": 0, "last_fail_at": {{now - 30_000}}, "last_fail_reason": "forbidden"}
              ]
            }
            """);
        var admin = env.Admin;

        var stats = await admin.JsonAsync(HttpMethod.Get, Stats, null, ct);

        var attention = stats.GetProperty("attention");
        Assert.Equal(3, attention.GetProperty("total").GetInt32());
        var items = attention.GetProperty("items").EnumerateArray().ToList();

        // Most urgent first: expired, then failing, then cooling.
        Assert.Equal([expired, failing, cooling], items.Select(i => Token(i, expired, failing, cooling)));
        Assert.Equal(["expired", "failing", "cooling"], items.Select(i => i.GetProperty("reason").GetString()));
        Assert.Equal(["expired", "active", "cooling"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(["ssoBasic", "ssoSuper", "ssoBasic"], items.Select(i => i.GetProperty("pool").GetString()));
        Assert.Equal(5, items[0].GetProperty("fail_count").GetInt32());
        Assert.Equal("app_chat_auth_failed", items[0].GetProperty("last_fail_reason").GetString());
        Assert.Equal(now - 30_000, items[1].GetProperty("last_fail_at").GetInt64());
        var listed = await admin.ItemsAsync(ct);
        foreach (var item in items)
        {
            Assert.Equal(
                ["id", "token_masked", "pool", "status", "reason", "fail_count", "last_fail_at", "last_fail_reason"],
                item.EnumerateObject().Select(p => p.Name));
            var view = listed.Single(l => l.GetProperty("id").GetString() == item.GetProperty("id").GetString());
            Assert.Equal(view.GetProperty("token_masked").GetString(), item.GetProperty("token_masked").GetString());
        }

        Assert.All(
            new[] { expired, cooling, failing, recovered, oldFailure, disabled, healthy },
            t => Assert.DoesNotContain(t, admin.Bodies[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stats_Attention_ListsAtMostFiftyOfMoreWithTheTotal()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] tokens = [.. Enumerable.Range(0, 60).Select(i => TestTokens.New($"cool{i}"))];
        var records = string.Join(",", tokens.Select(t => $$"""{"token": "{{t}}", "status": "cooling", "quota": 0}"""));
        await using var env = await SimulatedUpstream.StartAsync(ct, tokensJson: $$"""{"ssoBasic": [{{records}}]}""");

        var attention = (await env.Admin.JsonAsync(HttpMethod.Get, Stats, null, ct)).GetProperty("attention");

        Assert.Equal(60, attention.GetProperty("total").GetInt32());
        var ids = attention.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(50, ids.Count);
        Assert.Equal(50, ids.Distinct().Count());
    }

    [Fact]
    public async Task Stats_WithoutCredentials_Is401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using var anonymous = await gateway.Client.GetAsync(new Uri(Stats, UriKind.Relative), ct);
        await ProblemAssert.ProblemAsync(anonymous, HttpStatusCode.Unauthorized, ct);

        using var wrong = await (AdminRequest.Get(Stats) with { Bearer = "not-the-key" }).SendAsync(gateway.Client, ct);
        await ProblemAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, ct);
    }

    private static string Token(JsonElement item, params string[] candidates) =>
        candidates.Single(t => TestTokens.IdOf(t) == item.GetProperty("id").GetString());

    private static async Task PatchAsync(AdminClient admin, string token, JsonObject body, CancellationToken ct) =>
        await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(token)}", body, ct);

    private static async Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string model, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(ChatBodies.Text(model, "count me").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var response = await gateway.Client.SendAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }
}
