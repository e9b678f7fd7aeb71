using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests.Public;

/// <summary>What the file logs say about the playground: no key, cookie or LiveKit token, ever; and a warning when it is open.</summary>
public sealed class PublicLogTests
{
    [Fact]
    public async Task KeyCookieAndVoiceToken_NeverReachTheLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await GrokSimulator.StartAsync(null, ct);
        using var data = new TempDirectory();
        WriteConfig(data.Path, sim, PublicTestKit.Key);
        var gateway = await GatewayHost.StartAsync(data.Path, ct, "--LOG_FILE_ENABLED=true", "--LOG_LEVEL=DEBUG");
        string cookie;
        string voiceToken;
        try
        {
            using var http = gateway.CreateClient();
            var token = TestTokens.New();
            await gateway.Services.GetRequiredService<ITokenRegistry>().AddAsync("ssoBasic", [token], null, ct).WaitAsync(PublicTestKit.Bound, ct);

            using (var wrong = await http.SendAsync(PublicTestKit.Request(HttpMethod.Get, "/v1/public/verify", key: PublicTestKit.Key + "x"), ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }

            using (var login = await http.SendAsync(PublicTestKit.Request(HttpMethod.Post, "/v1/public/login", new JsonObject { ["key"] = PublicTestKit.Key }, key: null), ct))
            {
                cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]["grok2api_public=".Length..];
            }

            using (var voice = await http.SendAsync(PublicTestKit.Request(HttpMethod.Get, "/v1/public/voice/token"), ct))
            {
                voiceToken = (await PublicTestKit.JsonAsync(voice, ct))["token"]!.GetValue<string>();
            }

            using var sse = await http.GetAsync($"/v1/public/imagine/sse?public_key={PublicTestKit.Key}&prompt=fox", HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = await SseReader.OpenAsync(sse, ct);
            Assert.Equal("running", PublicTestKit.Status(await PublicTestKit.NextEventAsync(reader, ct)));
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        var logs = DataDirectoryFiles.ReadLogs(data.Path);
        Assert.Contains("/v1/public/voice/token", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(PublicTestKit.Key, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(voiceToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("open to anyone", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPlayground_StartupWarns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await GrokSimulator.StartAsync(null, ct);
        using var data = new TempDirectory();
        WriteConfig(data.Path, sim, publicKey: "");
        var gateway = await GatewayHost.StartAsync(data.Path, ct, "--LOG_FILE_ENABLED=true");
        await gateway.DisposeAsync();

        Assert.Contains("open to anyone", DataDirectoryFiles.ReadLogs(data.Path), StringComparison.Ordinal);
    }

    private static void WriteConfig(string dataDirectory, GrokSimulator sim, string publicKey) =>
        DataDirectoryFiles.WriteConfig(dataDirectory, $"""
            [app]
            public_enabled = true
            public_key = "{publicKey}"

            [upstream]
            base_url = "{sim.BaseUrl}"
            assets_url = "{sim.BaseUrl}"
            accounts_url = "{sim.BaseUrl}"

            [token]
            auto_refresh = false
            """);
}
