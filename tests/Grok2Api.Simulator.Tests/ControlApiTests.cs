using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

public sealed class ControlApiTests : SimulatorTestBase
{
    private async Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendAsync(request);
    }

    [Fact]
    public async Task PostFaults_QueuedRateLimit_HitsTheNextRequest()
    {
        using var posted = await ControlAsync(HttpMethod.Post, "/__sim/faults", """{"token":"tok-alpha","kind":"429","retryAfter":"3"}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var first = await SendAsync(Upstream.Chat());
        using var second = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"ServerError","statusCode":504}""", 504)]
    [InlineData("""{"kind":"503"}""", 503)]
    [InlineData("""{"kind":"cloudflare-challenge"}""", 403)]
    [InlineData("""{"kind":"unauthorized","endpoint":"/rest/rate-limits"}""", 401)]
    public async Task PostFaults_KindNamesAndAliases_AreUnderstood(string json, int expected)
    {
        (await ControlAsync(HttpMethod.Post, "/__sim/faults", json)).Dispose();

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task PostFaults_StreamErrorWithShape_IsInjectedIntoTheChat()
    {
        (await ControlAsync(HttpMethod.Post, "/__sim/faults", """{"kind":"stream-error","errorShape":"UsageLimit","afterLines":1}""")).Dispose();

        using var response = await SendAsync(Upstream.Chat());
        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.Equal(2, lines.Count);
        Assert.NotNull(lines[1]["result"]!["response"]!["error"]);
    }

    [Fact]
    public async Task PostFaults_PersistentThenDelete_StopsApplying()
    {
        (await ControlAsync(HttpMethod.Post, "/__sim/faults", """{"kind":"500","persistent":true}""")).Dispose();
        using var first = await SendAsync(Upstream.RateLimits());
        using var second = await SendAsync(Upstream.RateLimits(Upstream.OtherToken));

        (await ControlAsync(HttpMethod.Delete, "/__sim/faults")).Dispose();
        using var third = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"meltdown"}""")]
    [InlineData("""{"token":"x"}""")]
    [InlineData("""{"kind":"stream-error","errorShape":"nope"}""")]
    [InlineData("""{"kind":"ServerError","statusCode":404}""")]
    [InlineData("not json")]
    public async Task PostFaults_InvalidRequest_Returns400(string json)
    {
        using var response = await ControlAsync(HttpMethod.Post, "/__sim/faults", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Sim.Faults.PendingCount);
    }

    [Fact]
    public async Task GetRequests_ListsRecordedRequestsButNotControlCalls()
    {
        (await SendAsync(Upstream.RateLimits(Upstream.Token))).Dispose();
        (await SendAsync(Upstream.RateLimits(Upstream.OtherToken))).Dispose();

        using var all = await ControlAsync(HttpMethod.Get, "/__sim/requests");
        using var filtered = await ControlAsync(HttpMethod.Get, "/__sim/requests?token=tok-beta");

        var items = JsonNode.Parse(await all.Content.ReadAsStringAsync(Ct))!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("/rest/rate-limits", items[0]!["path"]!.GetValue<string>());
        Assert.Equal("tok-alpha", items[0]!["token"]!.GetValue<string>());
        Assert.Contains("requestKind", items[0]!["bodyText"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Upstream.Cookie("tok-alpha"), items[0]!["headers"]!["Cookie"]!.GetValue<string>());
        var only = Assert.Single(JsonNode.Parse(await filtered.Content.ReadAsStringAsync(Ct))!.AsArray());
        Assert.Equal("tok-beta", only!["token"]!.GetValue<string>());
        Assert.Equal(2, Sim.Requests.Count);
    }

    [Fact]
    public async Task PutAccount_SetsQuotaSeenByRateLimits()
    {
        using var put = await ControlAsync(HttpMethod.Put, "/__sim/accounts/tok-alpha", """{"remaining":3,"total":140}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var limits = await SendAsync(Upstream.RateLimits());
        using var get = await ControlAsync(HttpMethod.Get, "/__sim/accounts/tok-alpha");
        using var missing = await ControlAsync(HttpMethod.Get, "/__sim/accounts/nobody");

        var body = JsonNode.Parse(await limits.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(3, body["remainingTokens"]!.GetValue<int>());
        Assert.Equal(140, body["totalTokens"]!.GetValue<int>());
        Assert.Equal(3, JsonNode.Parse(await get.Content.ReadAsStringAsync(Ct))!["remaining"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task PostReset_ForgetsRequestsFaultsScriptsAndAccounts()
    {
        Sim.Accounts.Set(Upstream.Token, remaining: 0);
        Sim.Faults.Enqueue(null, Grok2Api.Simulator.Faults.Fault.Unauthorized());
        Sim.Chat.Enqueue(null, Grok2Api.Simulator.Chat.ChatScript.Answer("x"));
        (await SendAsync(Upstream.RateLimits(Upstream.OtherToken))).Dispose();
        Sim.Faults.Enqueue(null, Grok2Api.Simulator.Faults.Fault.Unauthorized());

        using var reset = await ControlAsync(HttpMethod.Post, "/__sim/reset");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(Sim.Requests);
        Assert.Equal(0, Sim.Faults.PendingCount);
        Assert.Equal(0, Sim.Chat.PendingCount);
        Assert.Null(Sim.Accounts.Get(Upstream.Token));
        using var chat = await SendAsync(Upstream.Chat());
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
    }

    [Fact]
    public async Task PostChatScript_RawLines_AreStreamedToTheNextChat()
    {
        using var posted = await ControlAsync(HttpMethod.Post, "/__sim/chat/scripts", """{"token":"tok-alpha","lines":["{\"result\":{\"response\":{\"token\":\"hi\"}}}","garbage"]}""");
        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);

        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        Assert.Equal(["""{"result":{"response":{"token":"hi"}}}""", "garbage"], await ndjson.ReadToEndAsync(Bound, Ct));
    }

    [Fact]
    public async Task UnknownControlRoute_Returns404Json()
    {
        using var response = await ControlAsync(HttpMethod.Get, "/__sim/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]);
    }
}
