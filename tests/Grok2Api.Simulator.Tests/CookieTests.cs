using System.Net;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

public sealed class CookieTests : SimulatorTestBase
{
    public static TheoryData<string> Paths => new() { UpstreamPaths.ConversationsNew, UpstreamPaths.RateLimits };

    private static HttpRequestMessage WithCookie(string path, string? cookie)
    {
        var request = path == UpstreamPaths.RateLimits ? Upstream.RateLimits(token: null) : Upstream.Chat(token: null);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Request_WithoutCookie_Returns401Json(string path)
    {
        using var response = await SendAsync(WithCookie(path, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]);
    }

    [Theory]
    [InlineData("sso=abc; sso-rw=abd")]
    [InlineData("sso=abc")]
    [InlineData("sso-rw=abc")]
    [InlineData("sso=; sso-rw=")]
    [InlineData("session=abc")]
    public async Task Chat_MalformedOrMismatchedCookie_Returns401(string cookie)
    {
        using var response = await SendAsync(WithCookie(UpstreamPaths.ConversationsNew, cookie));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Chat_CookieWithCfClearance_IsAcceptedAndRecorded()
    {
        using var response = await SendAsync(WithCookie(UpstreamPaths.ConversationsNew, "sso=abc; sso-rw=abc;cf_clearance=cf-value"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorded = Assert.Single(Sim.Requests);
        Assert.Equal("abc", recorded.Token);
        Assert.Equal("cf-value", recorded.CfClearance);
    }

    [Fact]
    public async Task Request_MissingCookie_IsRecordedWithoutToken()
    {
        using var response = await SendAsync(WithCookie(UpstreamPaths.RateLimits, null));

        var recorded = Assert.Single(Sim.Requests);
        Assert.Null(recorded.Token);
        Assert.Equal(401, recorded.StatusCode);
    }
}

public sealed class KnownTokenTests : SimulatorTestBase
{
    protected override SimulatorOptions CreateOptions()
    {
        var options = new SimulatorOptions { RequireKnownTokens = true };
        options.Tokens.Add(Upstream.Token);
        return options;
    }

    [Fact]
    public async Task RequireKnownTokens_UnknownToken_Returns401()
    {
        using var response = await SendAsync(Upstream.RateLimits(Upstream.OtherToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequireKnownTokens_ConfiguredToken_IsServed()
    {
        using var response = await SendAsync(Upstream.RateLimits(Upstream.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RequireKnownTokens_TokenAddedThroughAccounts_IsServed()
    {
        Sim.Accounts.Set(Upstream.OtherToken, remaining: 5);

        using var response = await SendAsync(Upstream.RateLimits(Upstream.OtherToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
