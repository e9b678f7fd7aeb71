using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class EgressProxyIntegrationTests
{
    private const string Token = UpstreamTestContext.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static GrokConfig WithProxies(Uri upstream, string baseProxy, string assetProxy = "")
    {
        var config = UpstreamTestContext.ConfigFor(upstream);
        return config with { Proxy = config.Proxy with { BaseProxyUrl = baseProxy, AssetProxyUrl = assetProxy } };
    }

    [Fact]
    public async Task RateLimits_BaseProxyConfigured_RequestGoesThroughIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, """{"remainingTokens":5}""", ct);
        await using var proxy = await TestForwardProxy.StartAsync(null, ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, proxy.Url()));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(new QuotaSyncResult(QuotaSyncStatus.Ok, 5, null), result);
        Assert.Equal(new Uri(stub.BaseUri, "/rest/rate-limits").AbsoluteUri, Assert.Single(proxy.Relayed));
        Assert.Equal($"sso={Token}; sso-rw={Token}", Assert.Single(stub.Requests).Header("Cookie"));
    }

    [Fact]
    public async Task HttpProxy_CredentialsInUrl_AnsweredTo407Challenge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var proxy = await TestForwardProxy.StartAsync("bob:p@ss", ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, proxy.Url("bob:p%40ss")));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.True(result.IsSuccess);
        Assert.Contains("bob:p@ss", proxy.Credentials);
        Assert.Single(proxy.Relayed);
    }

    [Fact]
    public async Task AssetEndpoints_AssetProxyConfigured_UseItAndRestUsesBaseProxy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var baseProxy = await TestForwardProxy.StartAsync(null, ct);
        await using var assetProxy = await TestForwardProxy.StartAsync(null, ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, baseProxy.Url(), assetProxy.Url()));

        await context.Client.SendAsync(GrokEndpoints.AssetsList(null), Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);
        await context.Client.SendAsync(GrokEndpoints.UploadFile, Token, "{}"u8.ToArray(), UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);
        await context.Client.SendAsync(GrokEndpoints.AssetsDelete("a1"), Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);
        await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(
            ["/rest/assets?pageSize=50&orderBy=ORDER_BY_LAST_USE_TIME&source=SOURCE_ANY&isLatest=true", "/rest/app-chat/upload-file", "/rest/assets-metadata/a1"],
            assetProxy.Relayed.Select(u => new Uri(u).PathAndQuery));
        Assert.Equal(["/rest/rate-limits"], baseProxy.Relayed.Select(u => new Uri(u).PathAndQuery));
    }

    [Fact]
    public async Task AssetEndpoints_NoAssetProxy_FallBackToBaseProxy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var baseProxy = await TestForwardProxy.StartAsync(null, ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, baseProxy.Url()));

        await context.Client.SendAsync(GrokEndpoints.UploadFile, Token, "{}"u8.ToArray(), UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Single(baseProxy.Relayed);
    }

    [Theory]
    [InlineData("socks5")]
    [InlineData("socks5h")]
    public async Task Socks5Proxy_UsernamePassword_RequestTunnelledWithRemoteDns(string scheme)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, """{"remainingTokens":3}""", ct);
        await using var socks = TestSocks5Server.Start(("alice", "s3cr:et"));
        // "localhost" lets the test see whether the name (remote DNS) or an address reaches the proxy.
        var upstream = new Uri($"http://localhost:{stub.BaseUri.Port}");
        await using var context = UpstreamTestContext.Create(WithProxies(upstream, $"{scheme}://alice:s3cr%3Aet@127.0.0.1:{socks.Port}"));

        var result = await context.Quota.FetchAsync(Token, ct).WaitAsync(Bound, ct);

        Assert.Equal(new QuotaSyncResult(QuotaSyncStatus.Ok, 3, null), result);
        var connect = Assert.Single(socks.Connects);
        Assert.Equal(("alice", "s3cr:et"), (connect.UserName, connect.Password));
        Assert.Equal((3, "localhost", stub.BaseUri.Port), (connect.AddressType, connect.Host, connect.Port));
        Assert.Equal("/rest/rate-limits", Assert.Single(stub.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Socks5Proxy_WrongPassword_NetworkFailureNotDirect()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var socks = TestSocks5Server.Start(("alice", "right"));
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, $"socks5://alice:wrong@127.0.0.1:{socks.Port}"));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.Network, result.Failure?.Kind);
        Assert.Equal(0, stub.Count);
        Assert.DoesNotContain("wrong", result.Failure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socks5hProxy_NoCredentialsIpTarget_RequestTunnelled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var socks = TestSocks5Server.Start();
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, $"socks5h://127.0.0.1:{socks.Port}"));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.True(result.IsSuccess);
        Assert.Equal((1, "127.0.0.1"), (Assert.Single(socks.Connects).AddressType, socks.Connects.Single().Host));
    }

    [Fact]
    public async Task ProxyUrlChanged_NextCallUsesNewProxyWithoutRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var first = await TestForwardProxy.StartAsync(null, ct);
        await using var second = await TestForwardProxy.StartAsync(null, ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, ""));

        async Task CallAsync() =>
            Assert.True((await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct)).IsSuccess);

        await CallAsync();
        context.Config.Update(c => c with { Proxy = c.Proxy with { BaseProxyUrl = first.Url() } });
        await CallAsync();
        context.Config.Update(c => c with { Proxy = c.Proxy with { BaseProxyUrl = second.Url() } });
        await CallAsync();
        context.Config.Update(c => c with { Proxy = c.Proxy with { BaseProxyUrl = "" } });
        await CallAsync();

        Assert.Equal(4, stub.Count);
        Assert.Single(first.Relayed);
        Assert.Single(second.Relayed);
    }

    [Fact]
    public async Task ProxyUrlUnusable_CallFailsAndNothingGoesOutDirectly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var context = UpstreamTestContext.Create(WithProxies(stub.BaseUri, "ftp://user:pw@127.0.0.1:21"));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.Configuration, result.Failure?.Kind);
        Assert.Equal(0, stub.Count);
        Assert.DoesNotContain(context.Logs.GetSnapshot(), r => r.Message.Contains("pw", StringComparison.Ordinal));
    }
}
