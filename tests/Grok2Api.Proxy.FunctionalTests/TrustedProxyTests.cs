using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// <c>app.trusted_proxies</c>: behind a proxy it lists, the forwarded client address and scheme are
/// the request's (Secure cookie, throttling, the loopback rule); from any other peer the forwarded
/// headers change nothing. The "proxy" here is the test itself on 127.0.0.1; the forwarded clients
/// are TEST-NET-3 documentation addresses that nothing ever connects to.
/// </summary>
public sealed class TrustedProxyTests
{
    private const string AdminKey = "proxy-admin-key";

    [Fact]
    public async Task TrustedProxy_ForwardedHttps_MakesTheSessionCookieSecure()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct, "\"127.0.0.1\"");
        using var client = gateway.CreateClient();

        var cookie = await LoginCookieAsync(client, "203.0.113.7", "https", ct);
        Assert.Contains("secure", cookie.Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

        var plain = await LoginCookieAsync(client, null, null, ct);
        Assert.DoesNotContain("secure", plain.Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UntrustedPeer_ForwardedHeadersChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct, "\"10.0.0.0/8\"");
        using var client = gateway.CreateClient();

        var cookie = await LoginCookieAsync(client, "203.0.113.7", "https", ct);
        Assert.DoesNotContain("secure", cookie.Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

        // Every failure claims another client, but they all come from one peer and count together.
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess", ForwardedFor = $"203.0.113.{i + 10}" }).SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, ct);
        }

        using var limited = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess", ForwardedFor = "203.0.113.99" }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ct);
    }

    [Fact]
    public async Task TrustedProxy_ThrottlesTheForwardedClient_NotTheProxy()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct, "\"127.0.0.0/8\", \"::1\"");
        using var client = gateway.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            using var wrong = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess", ForwardedFor = "203.0.113.7" }).SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, ct);
        }

        using var limited = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess", ForwardedFor = "203.0.113.7" }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ct);

        // Other clients behind the same proxy, and the proxy's own address, are not blocked.
        using var other = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess", ForwardedFor = "203.0.113.8" }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(other, HttpStatusCode.Unauthorized, ct);
        using var direct = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = AdminKey }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task TrustedProxy_LoopbackClaimedBeyondAnUntrustedHop_IsNotLoopback()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\ntrusted_proxies = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();

        // 203.0.113.7 is not a trusted proxy, so what it says about 127.0.0.1 is not believed: the
        // client is 203.0.113.7, and the default key does not open the admin API to it.
        using var spoofed = await (AdminRequest.Post("/v1/admin/tokens/export", "{}") with
        {
            Bearer = AdminClient.DefaultAppKey,
            ForwardedFor = "127.0.0.1, 203.0.113.7",
        }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(spoofed, HttpStatusCode.Forbidden, ct);

        // A client on the trusted proxy's own machine is local.
        using var local = await (AdminRequest.Post("/v1/admin/tokens/export", "{}") with
        {
            Bearer = AdminClient.DefaultAppKey,
            ForwardedFor = "127.0.0.1",
        }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    private static async Task<GatewayHost> StartAsync(TempDirectory data, CancellationToken ct, string trusted)
    {
        DataDirectoryFiles.WriteConfig(data.Path, $"[app]\napp_key = \"{AdminKey}\"\ntrusted_proxies = [{trusted}]\n");
        return await GatewayHost.StartAsync(data.Path, ct);
    }

    private static async Task<string> LoginCookieAsync(HttpClient client, string? forwardedFor, string? forwardedProto, CancellationToken ct)
    {
        using var login = await (AdminRequest.Post("/v1/admin/login", $$"""{"app_key":"{{AdminKey}}"}""") with
        {
            ForwardedFor = forwardedFor,
            ForwardedProto = forwardedProto,
        }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return Assert.Single(login.Headers.GetValues("Set-Cookie"));
    }
}
