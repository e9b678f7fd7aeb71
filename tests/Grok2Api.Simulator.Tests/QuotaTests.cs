using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Simulator.Tests;

public sealed class QuotaTests : SimulatorTestBase
{
    private readonly FakeTimeProvider _time = new();

    protected override SimulatorOptions CreateOptions() => new() { TimeProvider = _time };

    private async Task<HttpStatusCode> ChatAsync(string? mode = "MODEL_MODE_FAST")
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("q", mode)));
        await response.Content.ReadAsStringAsync(Ct).WaitAsync(Bound, Ct);
        return response.StatusCode;
    }

    private async Task<JsonNode> RateLimitsAsync(string token = Upstream.Token)
    {
        using var response = await SendAsync(Upstream.RateLimits(token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    [Fact]
    public async Task Chat_Success_TakesOneUnitFromTheAccount()
    {
        Assert.Equal(HttpStatusCode.OK, await ChatAsync());

        Assert.Equal(79, Sim.Accounts.Get(Upstream.Token)!.Remaining);
    }

    [Theory]
    [InlineData("MODEL_MODE_HEAVY")]
    [InlineData("MODEL_MODE_EXPERT")]
    [InlineData("MODEL_MODE_GROK_4_1_THINKING")]
    public async Task Chat_HighCostMode_TakesFourUnits(string mode)
    {
        await ChatAsync(mode);

        Assert.Equal(76, Sim.Accounts.Get(Upstream.Token)!.Remaining);
    }

    [Fact]
    public async Task Chat_AccountAtZero_Returns429WithJsonBody()
    {
        Sim.Accounts.Set(Upstream.Token, remaining: 1);
        Assert.Equal(HttpStatusCode.OK, await ChatAsync());

        using var response = await SendAsync(Upstream.Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]?["message"]);
        Assert.Equal(0, Sim.Accounts.Get(Upstream.Token)!.Remaining);
    }

    [Fact]
    public async Task Chat_HighCostWithFewUnitsLeft_IsServedAndLeavesZero()
    {
        Sim.Accounts.Set(Upstream.Token, remaining: 3);

        Assert.Equal(HttpStatusCode.OK, await ChatAsync("MODEL_MODE_HEAVY"));
        Assert.Equal(0, Sim.Accounts.Get(Upstream.Token)!.Remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, await ChatAsync());
    }

    [Fact]
    public async Task Chat_AfterTheWindowEnds_QuotaRefills()
    {
        Sim.Accounts.Set(Upstream.Token, remaining: 0);
        Assert.Equal(HttpStatusCode.TooManyRequests, await ChatAsync());

        _time.Advance(TimeSpan.FromSeconds(7200));

        Assert.Equal(HttpStatusCode.OK, await ChatAsync());
        Assert.Equal(79, Sim.Accounts.Get(Upstream.Token)!.Remaining);
    }

    [Fact]
    public async Task Accounts_AreIndependentPerToken()
    {
        Sim.Accounts.Set(Upstream.OtherToken, remaining: 0);

        Assert.Equal(HttpStatusCode.OK, await ChatAsync());
        Assert.Equal(0, Sim.Accounts.Get(Upstream.OtherToken)!.Remaining);
    }

    [Fact]
    public async Task RateLimits_NewAccount_ReturnsTheRichShape()
    {
        var body = await RateLimitsAsync();

        Assert.Equal(7200, body["windowSizeSeconds"]!.GetValue<int>());
        Assert.Equal(80, body["remainingTokens"]!.GetValue<int>());
        Assert.Equal(80, body["totalTokens"]!.GetValue<int>());
        Assert.Equal(80, body["remainingQueries"]!.GetValue<int>());
        Assert.Equal(80, body["totalQueries"]!.GetValue<int>());
        Assert.Equal(80, body["lowEffortRateLimits"]!["remainingQueries"]!.GetValue<int>());
        Assert.Equal(20, body["highEffortRateLimits"]!["remainingQueries"]!.GetValue<int>());
        Assert.Null(body["waitTimeSeconds"]);
    }

    [Fact]
    public async Task RateLimits_AfterChats_ReportsTheRemainingQuota()
    {
        await ChatAsync();
        await ChatAsync("MODEL_MODE_EXPERT");

        var body = await RateLimitsAsync();

        Assert.Equal(75, body["remainingTokens"]!.GetValue<int>());
        Assert.Equal(75, body["remainingQueries"]!.GetValue<int>());
    }

    [Fact]
    public async Task RateLimits_SetTotalAndWindow_AreReported()
    {
        Sim.Accounts.Set(Upstream.Token, remaining: 0, total: 140, windowSizeSeconds: 3600);
        _time.Advance(TimeSpan.FromSeconds(600));

        var body = await RateLimitsAsync();

        Assert.Equal(0, body["remainingTokens"]!.GetValue<int>());
        Assert.Equal(140, body["totalTokens"]!.GetValue<int>());
        Assert.Equal(3600, body["windowSizeSeconds"]!.GetValue<int>());
        Assert.Equal(3000, body["waitTimeSeconds"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"requestKind":"DEFAULT"}""")]
    [InlineData("""{"requestKind":1,"modelName":"x"}""")]
    public async Task RateLimits_InvalidBody_Returns400(string body)
    {
        using var response = await SendAsync(Upstream.RateLimits(body: body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
