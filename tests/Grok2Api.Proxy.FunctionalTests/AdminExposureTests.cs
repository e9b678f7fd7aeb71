using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// Who may reach the admin API at all: while <c>app.app_key</c> is the public default only loopback
/// clients get in, only known <c>Host</c> names are answered (DNS rebinding), and keys can come from
/// the environment without ever landing in config.toml or a log.
/// </summary>
public sealed class AdminExposureTests
{
    // 203.0.113.0/24 is TEST-NET-3: a documentation address no test ever connects to. The gateway
    // sees it as the client only through X-Forwarded-For from a proxy it trusts (127.0.0.1 here).
    private const string RemoteClient = "203.0.113.7";

    [Fact]
    public async Task DefaultKey_NonLoopbackClient_GetsProblem403AndNoTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\ntrusted_proxies = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var token = TestTokens.New("exposed");
        await new AdminClient(gateway.Client).AddAsync("ssoBasic", [token], ct);

        AdminRequest[] calls =
        [
            AdminRequest.Post("/v1/admin/tokens/export", "{}") with { Bearer = AdminClient.DefaultAppKey, ForwardedFor = RemoteClient },
            AdminRequest.Get("/v1/admin/tokens") with { Bearer = AdminClient.DefaultAppKey, ForwardedFor = RemoteClient },
            AdminRequest.Post("/v1/admin/login", """{"app_key":"grok2api"}""") with { ForwardedFor = RemoteClient },
        ];
        foreach (var call in calls)
        {
            using var response = await call.SendAsync(client, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
            var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Forbidden, ct);
            Assert.Contains("app.app_key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        // The same key from the machine itself still works (a fresh install is administered locally).
        var export = await new AdminClient(gateway.Client).ExportAsync(new(), ct);
        Assert.Contains(token, export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultKey_ForwardedRequestFromAnUntrustedLocalPeer_IsNotTakenForLocal()
    {
        // A reverse proxy on the same machine connects from 127.0.0.1; without app.trusted_proxies its
        // X-Forwarded-For is not believed, and a request that says it was forwarded is not a local one.
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();

        using var response = await (AdminRequest.Post("/v1/admin/tokens/export", "{}") with
        {
            Bearer = AdminClient.DefaultAppKey,
            ForwardedFor = RemoteClient,
        }).SendAsync(client, ct);

        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Forbidden, ct);
    }

    [Fact]
    public async Task ForeignHostHeader_Is421_KnownHostsAreServed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, """
            [app]
            app_key = "exposure-admin-key"
            app_url = "https://gw.example.org/base"
            allowed_hosts = ["Admin.Example.NET"]
            """);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var port = gateway.BaseAddress.Port;

        foreach (var host in new[] { "rebind.attacker.example", $"rebind.attacker.example:{port}", "example.net", "10.0.0.8" })
        {
            using var tokens = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "exposure-admin-key", Host = host }).SendAsync(client, ct);
            var problem = await ProblemAssert.ProblemAsync(tokens, HttpStatusCode.MisdirectedRequest, ct);
            Assert.Contains("app.allowed_hosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var login = await (AdminRequest.Post("/v1/admin/login", """{"app_key":"exposure-admin-key"}""") with { Host = host }).SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(login, HttpStatusCode.MisdirectedRequest, ct);
            Assert.False(login.Headers.Contains("Set-Cookie"));
        }

        foreach (var host in new[] { $"localhost:{port}", "LOCALHOST", $"127.0.0.1:{port}", "127.0.0.2", $"[::1]:{port}", "gw.example.org", "admin.example.net:443" })
        {
            using var response = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "exposure-admin-key", Host = host }).SendAsync(client, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {host}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        // The OpenAI API is not the admin API: it answers any Host (clients reach it by many names).
        using var models = await (AdminRequest.Get("/v1/models") with { Host = "rebind.attacker.example" }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task EnvironmentKeys_OverrideTheFile_AndNeverReachTheFileOrTheLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        const string envAdminKey = "env-admin-key-5b7d0c1e9a";
        const string envApiKey = "env-api-key-3f9a1c7e2d";
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\ntrusted_proxies = [\"127.0.0.1\"]\n");
        var gateway = await GatewayHost.StartAsync(
            data.Path, ct, $"--GROK2API_APP_KEY={envAdminKey}", $"--GROK2API_API_KEY={envApiKey}", "--LOG_FILE_ENABLED=true", "--LOG_LEVEL=DEBUG");
        using var client = gateway.CreateClient();
        try
        {
            // The environment's admin key is in force, so the admin API is not limited to loopback.
            using var remote = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = envAdminKey, ForwardedFor = RemoteClient }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, remote.StatusCode);
            using var fileKey = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = AdminClient.DefaultAppKey }).SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(fileKey, HttpStatusCode.Unauthorized, ct);
            using var login = await AdminRequest.Post("/v1/admin/login", $$"""{"app_key":"{{envAdminKey}}"}""").SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

            // And its API key guards /v1.
            using var anonymous = await AdminRequest.Get("/v1/models").SendAsync(client, ct);
            await OpenAiAssert.ErrorAsync(anonymous, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);
            using var keyed = await (AdminRequest.Get("/v1/models") with { Bearer = envApiKey }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        var config = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        Assert.DoesNotContain(envAdminKey, config, StringComparison.Ordinal);
        Assert.DoesNotContain(envApiKey, config, StringComparison.Ordinal);
        var logs = DataDirectoryFiles.ReadLogs(data.Path);
        Assert.False(string.IsNullOrEmpty(logs), "the gateway wrote file logs");
        Assert.DoesNotContain(envAdminKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(envApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("app.app_key is the default", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultKey_StartupLogsAWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var gateway = await GatewayHost.StartAsync(data.Path, ct, "--LOG_FILE_ENABLED=true");
        await gateway.DisposeAsync();

        var logs = DataDirectoryFiles.ReadLogs(data.Path);
        Assert.Contains("app.app_key is the default", logs, StringComparison.Ordinal);
        Assert.Contains("\"@l\":\"Warning\"", logs, StringComparison.Ordinal);
    }
}
