using System.Net;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

/// <summary>The standalone host (what Program.cs runs) built through the same code path.</summary>
public sealed class StandaloneHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_WithoutUrls_ListensOnTheDefaultAddress()
    {
        await using var simulator = GrokSimulator.Create([]);

        Assert.Equal("http://127.0.0.1:5380", simulator.ConfiguredUrls);
        Assert.True(simulator.Options.ConsoleLogging);
    }

    [Fact]
    public async Task Create_WithUrlsArgument_ServesTheUpstreamAndControlRoutes()
    {
        await using var simulator = GrokSimulator.Create(["--urls", "http://127.0.0.1:0", "--Simulator:ConsoleLogging=false"]);
        await simulator.StartServerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var client = Upstream.CreateClient(simulator.BaseUri);

        Assert.StartsWith("http://127.0.0.1:", simulator.BaseUrl, StringComparison.Ordinal);
        Assert.NotEqual(0, simulator.BaseUri.Port);
        using var chat = await client.SendAsync(Upstream.Chat(), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var missing = await client.GetAsync(new Uri("/nope", UriKind.Relative), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var requests = await client.GetAsync(new Uri("/__sim/requests", UriKind.Relative), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2, JsonNode.Parse(await requests.Content.ReadAsStringAsync(Ct))!.AsArray().Count);
    }

    [Fact]
    public async Task Create_SimulatorArguments_BindTheOptions()
    {
        await using var simulator = GrokSimulator.Create(
            ["--urls", "http://127.0.0.1:0", "--Simulator:RequireKnownTokens=true", "--Simulator:Tokens:0=tok-alpha", "--Simulator:DefaultQuota=5", "--Simulator:ConsoleLogging=false"]);
        await simulator.StartServerAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var client = Upstream.CreateClient(simulator.BaseUri);

        using var known = await client.SendAsync(Upstream.RateLimits(Upstream.Token), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var unknown = await client.SendAsync(Upstream.RateLimits(Upstream.OtherToken), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(simulator.Options.RequireKnownTokens);
        Assert.False(simulator.Options.ConsoleLogging);
        Assert.Equal(5, JsonNode.Parse(await known.Content.ReadAsStringAsync(Ct))!["remainingTokens"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }
}
