using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>
/// Puts accounts into the states the pages show, the way they get there in production: added through
/// the admin API, then re-synced against the simulator, which answers 0 quota (cooling) or 401
/// (expired after <c>token.fail_threshold</c> rejections).
/// </summary>
public static class TokenSetup
{
    /// <summary>Adds <paramref name="count"/> new tokens to <paramref name="pool"/> and returns them (whole, as the test knows them).</summary>
    public static async Task<List<string>> AddAsync(AdminApp app, int count, CancellationToken cancellationToken, string pool = "ssoBasic")
    {
        List<string> tokens = [.. Enumerable.Range(0, count).Select(i => TestTokens.New($"b{i}"))];
        var added = await app.Admin.AddAsync(pool, tokens, cancellationToken);
        Assert.Equal(count, added.GetProperty("added").GetInt32());
        return tokens;
    }

    /// <summary>
    /// A small pool with something in every state: 14 ssoBasic accounts (3 cooling, 2 expired,
    /// 1 disabled, 8 active) and 4 active ssoSuper ones. Returns the ssoBasic tokens in that order.
    /// </summary>
    public static async Task<List<string>> AddMixedPoolAsync(AdminApp app, CancellationToken cancellationToken)
    {
        var basic = await AddAsync(app, 14, cancellationToken);
        await AddAsync(app, 4, cancellationToken, pool: "ssoSuper");
        await MakeCoolingAsync(app, basic[..3], cancellationToken);
        await MakeExpiredAsync(app, basic[3..5], cancellationToken);
        await DisableAsync(app, basic[5..6], cancellationToken);
        return basic;
    }

    /// <summary>The simulator reports no quota left for these accounts; a re-sync turns them cooling.</summary>
    public static async Task MakeCoolingAsync(AdminApp app, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        foreach (var token in tokens)
        {
            app.Simulator.Accounts.Set(token, remaining: 0);
        }

        await ResyncAsync(app, tokens, "cooling", cancellationToken);
    }

    /// <summary>The simulator rejects these accounts' cookies; with <c>token.fail_threshold = 1</c> one re-sync expires them.</summary>
    public static async Task MakeExpiredAsync(AdminApp app, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        await app.Admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", new JsonObject { ["token"] = new JsonObject { ["fail_threshold"] = 1 } }, cancellationToken);
        foreach (var token in tokens)
        {
            app.Simulator.Faults.SetPersistent(token, Fault.Unauthorized().OnlyFor(UpstreamPaths.RateLimits));
        }

        await ResyncAsync(app, tokens, "expired", cancellationToken);
        foreach (var token in tokens)
        {
            app.Simulator.Faults.ClearPersistent(token);
        }
    }

    /// <summary>Turns tokens disabled through the admin API, as an operator does.</summary>
    public static async Task DisableAsync(AdminApp app, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        foreach (var token in tokens)
        {
            await app.Admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(token)}", new JsonObject { ["status"] = "disabled" }, cancellationToken);
        }
    }

    private static async Task ResyncAsync(AdminApp app, IReadOnlyList<string> tokens, string expected, CancellationToken cancellationToken)
    {
        var ids = tokens.Select(TestTokens.IdOf).ToList();
        var refresher = app.Gateway.Services.GetRequiredService<ITokenRefresher>();
        await refresher.RefreshAsync(ids, progress: null, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        foreach (var id in ids)
        {
            Assert.Equal(expected, (await app.Admin.ItemAsync(id, cancellationToken)).GetProperty("status").GetString());
        }
    }
}
