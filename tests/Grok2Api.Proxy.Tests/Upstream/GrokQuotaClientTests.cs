using System.Net;
using System.Net.Sockets;
using System.Text;
using Grok2Api.TokenPool.Refresh;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class GrokQuotaClientTests
{
    private const string Token = UpstreamTestContext.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task FetchAsync_Request_PathBodyHeadersAndCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, """{"remainingTokens":78}""", ct);
        var config = UpstreamTestContext.ConfigFor(stub.BaseUri);
        config = config with { Proxy = config.Proxy with { CfClearance = "clr-1", StatsigId = "operator-statsig", UserAgent = "TestAgent/1.0" } };
        await using var context = UpstreamTestContext.Create(config);

        await context.Quota.FetchAsync("sso=" + Token, ct).WaitAsync(Bound, ct);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/rest/rate-limits", request.PathAndQuery);
        Assert.Equal("""{"requestKind":"DEFAULT","modelName":"grok-4-1-thinking-1129"}""", Encoding.UTF8.GetString(request.Body));
        Assert.Equal($"sso={Token}; sso-rw={Token};cf_clearance=clr-1", request.Header("Cookie"));
        Assert.Equal("operator-statsig", request.Header("x-statsig-id"));
        Assert.Equal("TestAgent/1.0", request.Header("User-Agent"));
        Assert.Equal(stub.Origin, request.Header("Origin"));
        Assert.Equal(stub.Origin + "/", request.Header("Referer"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("*/*", request.Header("Accept"));
        Assert.Equal("gzip, deflate, br", request.Header("Accept-Encoding"));
        Assert.Equal("zh-CN,zh;q=0.9,en;q=0.8", request.Header("Accept-Language"));
        Assert.Equal("same-origin", request.Header("Sec-Fetch-Site"));
        Assert.Equal("cors", request.Header("Sec-Fetch-Mode"));
        Assert.Equal("empty", request.Header("Sec-Fetch-Dest"));
        Assert.Equal("u=1, i", request.Header("Priority"));
        Assert.Equal("\"macOS\"", request.Header("Sec-Ch-Ua-Platform"));
        Assert.Equal("", request.Header("Sec-Ch-Ua-Model"));
        Assert.StartsWith("sentry-environment=production,", request.Header("Baggage"), StringComparison.Ordinal);
        Assert.Equal(4, Guid.Parse(request.Header("x-xai-request-id")!).Version);
        Assert.Null(request.Header("traceparent"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task FetchAsync_NoStatsigConfigured_HeaderAbsent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, """{"remainingTokens":1}""", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        var request = Assert.Single(stub.Requests);
        Assert.Null(request.Header("x-statsig-id"));
        Assert.Equal($"sso={Token}; sso-rw={Token}", request.Header("Cookie"));
    }

    [Theory]
    [InlineData("""{"remainingTokens":78,"remainingQueries":5}""", 78)]
    [InlineData("""{"remainingQueries":5,"totalQueries":20}""", 5)]
    [InlineData("""{"remainingTokens":0}""", 0)]
    [InlineData("""{"windowSizeSeconds":7200}""", null)]
    [InlineData("""{"remainingTokens":null,"remainingQueries":3}""", 3)]
    public async Task FetchAsync_Ok_RemainingTokensThenQueries(string json, int? expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, json, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Ok, result.Status);
        Assert.Equal(expected, result.RemainingTokens);
    }

    [Theory]
    [InlineData(401, QuotaSyncStatus.Unauthorized, 3)]
    [InlineData(403, QuotaSyncStatus.Forbidden, 3)]
    [InlineData(429, QuotaSyncStatus.RateLimited, 3)]
    [InlineData(500, QuotaSyncStatus.Failed, 1)]
    [InlineData(404, QuotaSyncStatus.Failed, 1)]
    public async Task FetchAsync_ErrorStatus_MappedAfterRetryPolicy(int status, QuotaSyncStatus expected, int attempts)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(status, """{"error":"x"}""", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(expected, result.Status);
        Assert.Null(result.RemainingTokens);
        Assert.Equal(attempts, stub.Count);
        Assert.DoesNotContain(Token, result.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_Retries_SameRequestIdOnEveryAttemptFreshPerCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(401, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);
        await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        var ids = stub.Requests.Select(r => r.Header("x-xai-request-id")).ToArray();
        Assert.Equal(6, ids.Length);
        Assert.Single(ids[..3].Distinct());
        Assert.Single(ids[3..].Distinct());
        Assert.NotEqual(ids[0], ids[3]);
    }

    [Fact]
    public async Task FetchAsync_ConnectionReset_FailedAfterRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Failed, result.Status);
        Assert.StartsWith("network error", result.Detail, StringComparison.Ordinal);
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task FetchAsync_ResetThenOk_RecoversOnRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return StubServer.Respond(context, 200, """{"remainingTokens":9}""");
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(new QuotaSyncResult(QuotaSyncStatus.Ok, 9, null), result);
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task FetchAsync_NothingListening_FailedAsNetworkError()
    {
        var ct = TestContext.Current.CancellationToken;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(new Uri($"http://127.0.0.1:{port}")));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Failed, result.Status);
        Assert.StartsWith("network error", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_UpstreamSlowerThanUsageTimeout_FailedTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted), ct);
        var config = UpstreamTestContext.ConfigFor(stub.BaseUri);
        config = config with { Usage = config.Usage with { Timeout = 0.3 } };
        await using var context = UpstreamTestContext.Create(config);

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Failed, result.Status);
        Assert.StartsWith("timed out", result.Detail, StringComparison.Ordinal);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task FetchAsync_NotJson_Failed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "<html>hi</html>", "text/html"), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Failed, result.Status);
    }

    [Fact]
    public async Task FetchAsync_InvalidToken_NothingSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Quota.FetchAsync("abc;other=1", ct).WaitAsync(Bound, ct);

        Assert.Equal(QuotaSyncStatus.Failed, result.Status);
        Assert.Equal(0, stub.Count);
    }
}
