using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Configuration;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>The quota re-sync talks to the upstream configured in [upstream], the way grok.com expects (docs/grok-protocol.md §2, §9).</summary>
public sealed class UpstreamWiringTests
{
    [Fact]
    public async Task Refresh_ReadsTheRemainingQuotaWithTheExactCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await SimulatedUpstream.StartAsync(ct);
        var token = TestTokens.New();
        var id = TestTokens.IdOf(token);
        var admin = env.Admin;
        await admin.AddAsync("ssoBasic", ["sso=" + token], ct);
        env.Simulator.Accounts.Set(token, remaining: 42);
        var refresher = env.Gateway.Services.GetRequiredService<ITokenRefresher>();

        var result = Assert.Single(await refresher.RefreshAsync([id], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct));
        Assert.Equal(TokenRefreshOutcome.Synced, result.Outcome);
        Assert.Equal(42, result.Quota);

        var item = await admin.ItemAsync(id, ct);
        Assert.Equal(42, item.GetProperty("quota").GetInt32());
        Assert.True(item.GetProperty("last_sync_at").GetInt64() > DateTimeOffset.UnixEpoch.AddYears(55).ToUnixTimeMilliseconds());
        Assert.Equal("active", item.GetProperty("status").GetString());

        var call = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.RateLimits);
        Assert.Equal("POST", call.Method);
        Assert.Equal(token, call.Token);
        Assert.Equal($"sso={token}; sso-rw={token}", call.Header("cookie"));
        Assert.Null(call.Header("x-statsig-id"));
        Assert.Equal(200, call.StatusCode);

        // The synced quota reaches token.json.
        var stored = await Eventually.PollAsync(
            () => Task.FromResult(DataDirectoryFiles.ReadTokens(env.Gateway.DataDirectory).Single()),
            r => r.Quota == 42,
            TimeSpan.FromSeconds(10),
            ct);
        Assert.Equal(42, stored.Quota);
    }

    [Fact]
    public async Task Refresh_SendsClearanceAndStatsigIdOnlyWhenConfigured_AppliedLive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await SimulatedUpstream.StartAsync(ct);
        var token = TestTokens.New();
        var id = TestTokens.IdOf(token);
        await env.Admin.AddAsync("ssoSuper", [token], ct);
        var refresher = env.Gateway.Services.GetRequiredService<ITokenRefresher>();
        var editor = env.Gateway.Services.GetRequiredService<IConfigEditor>();

        var patch = await editor.PatchAsync(new JsonObject
        {
            ["proxy"] = new JsonObject { ["cf_clearance"] = "cf-value-123.abc-0", ["statsig_id"] = "c3RhdHNpZy1mcm9tLWJyb3dzZXI=" },
        }, ct);
        Assert.True(patch.Succeeded, string.Join("; ", patch.Errors));
        env.Simulator.Accounts.Set(token, remaining: 7);
        await refresher.RefreshAsync([id], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);

        var call = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.RateLimits);
        Assert.Equal($"sso={token}; sso-rw={token};cf_clearance=cf-value-123.abc-0", call.Header("cookie"));
        Assert.Equal("cf-value-123.abc-0", call.CfClearance);
        Assert.Equal("c3RhdHNpZy1mcm9tLWJyb3dzZXI=", call.Header("x-statsig-id"));
        Assert.Equal(7, (await env.Admin.ItemAsync(id, ct)).GetProperty("quota").GetInt32());

        // Cleared again: neither is sent any more.
        patch = await editor.PatchAsync(new JsonObject { ["proxy"] = new JsonObject { ["cf_clearance"] = null, ["statsig_id"] = "" } }, ct);
        Assert.True(patch.Succeeded, string.Join("; ", patch.Errors));
        env.Simulator.ClearRequests();
        await refresher.RefreshAsync([id], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);

        var plain = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.RateLimits);
        Assert.Equal($"sso={token}; sso-rw={token}", plain.Header("cookie"));
        Assert.Null(plain.Header("x-statsig-id"));
    }

    [Fact]
    public async Task Refresh_UpstreamRejectsTheCredential_CountsAFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await SimulatedUpstream.StartAsync(ct, "[retry]\nretry_backoff_base = 0.05\nretry_backoff_max = 0.1\n");
        var token = TestTokens.New();
        var other = TestTokens.New();
        await env.Admin.AddAsync("ssoBasic", [token, other], ct);
        env.Simulator.Faults.SetPersistent(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.RateLimits));
        env.Simulator.Accounts.Set(other, remaining: 60);
        var refresher = env.Gateway.Services.GetRequiredService<ITokenRefresher>();

        var results = await refresher.RefreshAsync([TestTokens.IdOf(token), TestTokens.IdOf(other)], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.Equal([TokenRefreshOutcome.Unauthorized, TokenRefreshOutcome.Synced], results.Select(r => r.Outcome));

        var rejected = await env.Admin.ItemAsync(TestTokens.IdOf(token), ct);
        Assert.Equal(1, rejected.GetProperty("fail_count").GetInt32());
        Assert.Equal("rate_limits_auth_failed", rejected.GetProperty("last_fail_reason").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, rejected.GetProperty("last_fail_at").ValueKind);
        Assert.Equal(80, rejected.GetProperty("quota").GetInt32());
        Assert.Equal("active", rejected.GetProperty("status").GetString());
        Assert.True(env.Simulator.RequestCount(token, UpstreamPaths.RateLimits) >= 1);

        // The other token of the same run is unaffected.
        var fine = await env.Admin.ItemAsync(TestTokens.IdOf(other), ct);
        Assert.Equal(0, fine.GetProperty("fail_count").GetInt32());
        Assert.Equal(60, fine.GetProperty("quota").GetInt32());

        await refresher.RefreshAsync([TestTokens.IdOf(token)], null, ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.Equal(2, (await env.Admin.ItemAsync(TestTokens.IdOf(token), ct)).GetProperty("fail_count").GetInt32());
    }
}
