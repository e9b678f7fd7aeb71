using System.Net;
using System.Security.Cryptography;
using Grok2Api.AdminApi.Auth;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>The collection of tests that measure the process's memory: run alone, after the others.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary><c>POST /v1/admin/logout</c> needs no authentication, so whatever it keeps must be bounded and small.</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class LogoutStateTests
{
    [Fact]
    public async Task Logout_WithLargeForgedCookies_KeepsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();

        // Warm up (first requests allocate caches), then measure what 600 anonymous logouts with
        // 30 KB cookies leave behind: 600 × 30 KB × 2 bytes a char ≈ 37 MB if the cookies were kept.
        await LogoutAsync(client, 20, ct);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await LogoutAsync(client, 600, ct);
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.True(grown < 16L * 1024 * 1024, $"600 forged logouts kept {grown / 1024 / 1024} MB");
    }

    [Fact]
    public async Task Logout_RemembersOnlyVerifiedSessions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var revocations = gateway.Services.GetRequiredService<SessionRevocations>();

        await LogoutAsync(client, 50, ct);
        Assert.Equal(0, revocations.Count);

        using var login = await AdminRequest.Post("/v1/admin/login", """{"app_key":"grok2api"}""").SendAsync(client, ct);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var logout = await (AdminRequest.Post("/v1/admin/logout", "{}") with { Cookie = cookie }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(1, revocations.Count);
        using var replay = await (AdminRequest.Get("/v1/admin/session") with { Cookie = cookie }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(replay, HttpStatusCode.Unauthorized, ct);
    }

    private static async Task LogoutAsync(HttpClient client, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            var cookie = $"{TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds()}-{RandomNumberGenerator.GetHexString(30 * 1024 - 60)}.forged";
            using var response = await (AdminRequest.Post("/v1/admin/logout", "{}") with { Cookie = "grok2api_admin=" + cookie }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }
}
