using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Selection;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>What an operator's Prometheus scrapes from <c>/metrics</c> after some traffic.</summary>
/// <remarks>
/// Alone in its collection: OpenTelemetry listens to meters by name process-wide, so gateways of
/// other tests running at the same time would add their samples to this gateway's scrape.
/// </remarks>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_AfterTraffic_ExposeRequestsPoolUpstreamAndServerDurations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await SimulatedUpstream.StartAsync(ct);
        var client = env.Gateway.Client;
        string[] basic = [TestTokens.New("b1"), TestTokens.New("b2")];
        var super = TestTokens.New("s1");
        var admin = env.Admin;
        await admin.AddAsync("ssoBasic", basic, ct);
        await admin.AddAsync("ssoSuper", [super], ct);
        await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(basic[1])}", new System.Text.Json.Nodes.JsonObject { ["status"] = "disabled" }, ct);

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.GetAsync(new Uri("/v1/models", UriKind.Relative), ct);
            Assert.True(ok.IsSuccessStatusCode);
        }

        using (var missing = await client.GetAsync(new Uri("/v1/models/no-such-model", UriKind.Relative), ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }

        var refresh = await env.Gateway.Services.GetRequiredService<ITokenRefresher>()
            .RefreshAsync([TestTokens.IdOf(super)], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.Equal(TokenRefreshOutcome.Synced, Assert.Single(refresh).Outcome);

        var selector = env.Gateway.Services.GetRequiredService<ITokenSelector>();
        var tried = default(TokenExclusions);
        Assert.True(selector.TryLease(new TokenRequest(PoolTier.Basic, 1), ref tried, out var lease));

        var metrics = await ScrapeUntilAsync(env.Gateway, m => m.Find("grok2api_token_pool_leases_in_flight").Sum(s => s.Value) == 1
            && m.Find("grok2api_requests_total", ("route", "/v1/models"), ("status", "200")).Sum(s => s.Value) >= 2, ct);

        // Text format with TYPE lines.
        Assert.Equal("text/plain", metrics.ContentType);
        var scrape = metrics.Body;
        Assert.Equal("counter", scrape.Types.GetValueOrDefault("grok2api_requests_total"));
        Assert.Equal("gauge", scrape.Types.GetValueOrDefault("grok2api_token_pool_tokens"));
        Assert.Equal("gauge", scrape.Types.GetValueOrDefault("grok2api_token_pool_leases_in_flight"));
        Assert.Equal("counter", scrape.Types.GetValueOrDefault("grok2api_upstream_attempts_total"));
        Assert.Equal("histogram", scrape.Types.GetValueOrDefault("http_server_request_duration_seconds"));

        // Requests by route and status.
        Assert.True(scrape.Find("grok2api_requests_total", ("route", "/v1/models"), ("status", "200")).Sum(s => s.Value) >= 2);
        Assert.True(scrape.Find("grok2api_requests_total", ("route", "/v1/models/{**id}"), ("status", "404")).Sum(s => s.Value) >= 1);

        // The pool by pool and status, and the lease held right now.
        Assert.Equal(1, Single(scrape, "grok2api_token_pool_tokens", ("pool", "ssoBasic"), ("status", "active")));
        Assert.Equal(1, Single(scrape, "grok2api_token_pool_tokens", ("pool", "ssoBasic"), ("status", "disabled")));
        Assert.Equal(1, Single(scrape, "grok2api_token_pool_tokens", ("pool", "ssoSuper"), ("status", "active")));
        Assert.Equal(0, Single(scrape, "grok2api_token_pool_tokens", ("pool", "ssoSuper"), ("status", "expired")));
        Assert.Equal(1, scrape.Find("grok2api_token_pool_leases_in_flight").Sum(s => s.Value));

        // The upstream call of the refresh.
        Assert.True(scrape.Find("grok2api_upstream_attempts_total", ("endpoint", "rate_limits"), ("outcome", "ok")).Sum(s => s.Value) >= 1);

        // ASP.NET Core's server duration histogram, by route.
        Assert.Contains(scrape.Samples, s => s.Name == "http_server_request_duration_seconds_bucket"
            && s.Labels.GetValueOrDefault("http_route") == "/v1/models" && s.Labels.GetValueOrDefault("le") == "+Inf" && s.Value >= 2);

        // No token or token id ever appears in metrics.
        Assert.All([.. basic, super], t =>
        {
            Assert.DoesNotContain(t, scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestTokens.IdOf(t), scrape.Text, StringComparison.Ordinal);
        });

        // Completing the lease is reflected on the next scrape.
        Assert.True(selector.Complete(lease, LeaseOutcome.Success, null));
        var after = await ScrapeUntilAsync(env.Gateway, m => m.Find("grok2api_token_pool_leases_in_flight").Sum(s => s.Value) == 0, ct);
        Assert.Equal(0, after.Body.Find("grok2api_token_pool_leases_in_flight").Sum(s => s.Value));
    }

    private static double Single(PrometheusText scrape, string name, params (string Name, string Value)[] labels) =>
        Assert.Single(scrape.Find(name, labels)).Value;

    private static async Task<(string? ContentType, PrometheusText Body)> ScrapeUntilAsync(GatewayHost gateway, Func<PrometheusText, bool> done, CancellationToken cancellationToken) =>
        await Eventually.PollAsync(
            async () =>
            {
                using var response = await gateway.Client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
                response.EnsureSuccessStatusCode();
                return (response.Content.Headers.ContentType?.MediaType, PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellationToken)));
            },
            result => done(result.Item2),
            TimeSpan.FromSeconds(10),
            cancellationToken);
}
