using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// Failed authentication is limited per client address on every admin route and on /v1 when
/// <c>app.api_key</c> is set: 20 failures a minute are answered 401, the next ones 429 with Retry-After.
/// </summary>
public sealed class AuthThrottleTests
{
    private const int FailuresPerMinute = 20;
    private const string AdminKey = "throttle-admin-key";
    private const string ApiKey = "sk-throttle-api-key";

    [Fact]
    public async Task WrongBearerOnAdmin_20Are401_ThenProblem429WithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct);
        using var client = gateway.CreateClient();

        // A browser session opened before the guessing starts.
        using var login = await AdminRequest.Post("/v1/admin/login", $$"""{"app_key":"{{AdminKey}}"}""").SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        // Successful calls do not count.
        for (var i = 0; i < 30; i++)
        {
            using var ok = await (AdminRequest.Get("/v1/admin/session") with { Bearer = AdminKey }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < FailuresPerMinute; i++)
        {
            using var wrong = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = $"guess-{i}" }).SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(wrong, HttpStatusCode.Unauthorized, ct);
        }

        foreach (var call in new[]
        {
            AdminRequest.Post("/v1/admin/tokens/export", "{}") with { Bearer = "guess-21" },
            AdminRequest.Get("/v1/admin/session") with { Bearer = "guess-22" },
            AdminRequest.Get("/v1/admin/tokens"),
            AdminRequest.Post("/v1/admin/login", """{"app_key":"guess-23"}"""),
        })
        {
            using var limited = await call.SendAsync(client, ct);
            await ProblemAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ct);
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }

        // While the address is blocked a key is not even checked (a right guess must look like a wrong
        // one), but a signed session cookie cannot be guessed, so the logged-in admin keeps working.
        using var rightKey = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = AdminKey }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(rightKey, HttpStatusCode.TooManyRequests, ct);
        using var session = await (AdminRequest.Get("/v1/admin/tokens") with { Cookie = cookie }).SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
    }

    [Fact]
    public async Task WrongKeyOnV1_20Are401_ThenOpenAi429WithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct);
        using var client = gateway.CreateClient();

        for (var i = 0; i < 25; i++)
        {
            using var ok = await (AdminRequest.Get("/v1/models") with { Bearer = ApiKey }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < FailuresPerMinute; i++)
        {
            using var wrong = await (AdminRequest.Get("/v1/models") with { Bearer = i % 2 == 0 ? $"sk-guess-{i}" : null }).SendAsync(client, ct);
            await OpenAiAssert.ErrorAsync(wrong, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);
        }

        using var limited = await (AdminRequest.Post("/v1/chat/completions", "{}") with { Bearer = "sk-guess-21" }).SendAsync(client, ct);
        await OpenAiAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);

        // Media links carry no key and are not part of the limit.
        using var media = await AdminRequest.Get("/v1/files/image/missing.png").SendAsync(client, ct);
        Assert.Equal(HttpStatusCode.NotFound, media.StatusCode);
    }

    [Fact]
    public async Task Failures_AreCountedAcrossAdminAndV1()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await StartAsync(data, ct);
        using var client = gateway.CreateClient();

        for (var i = 0; i < FailuresPerMinute / 2; i++)
        {
            using var admin = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = $"guess-{i}" }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
            using var api = await (AdminRequest.Get("/v1/models") with { Bearer = $"sk-guess-{i}" }).SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using var limitedAdmin = await (AdminRequest.Get("/v1/admin/tokens") with { Bearer = "guess-x" }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(limitedAdmin, HttpStatusCode.TooManyRequests, ct);
        using var limitedApi = await (AdminRequest.Get("/v1/models") with { Bearer = "sk-guess-x" }).SendAsync(client, ct);
        await OpenAiAssert.ErrorAsync(limitedApi, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
    }

    private static async Task<GatewayHost> StartAsync(TempDirectory data, CancellationToken ct)
    {
        DataDirectoryFiles.WriteConfig(data.Path, $"[app]\napp_key = \"{AdminKey}\"\napi_key = \"{ApiKey}\"\n");
        return await GatewayHost.StartAsync(data.Path, ct);
    }
}
