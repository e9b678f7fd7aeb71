using Grok2Api.AdminApi.Auth;
using Grok2Api.Configuration;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Auth;

/// <summary>Login, logout and session of the admin app, and the auth filter in front of every admin endpoint.</summary>
public sealed class AuthApiTests
{
    private const string Session = "/v1/admin/session";

    [Fact]
    public async Task Login_RightKey_SetsASignedHttpOnlyStrictCookie()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", "/v1/admin/login", $$"""{"app_key":"{{AdminEndpoints.AppKey}}"}""", NoAuthorization);

        Assert.Equal(200, call.Status);
        Assert.True(call.Json().GetProperty("authenticated").GetBoolean());
        Assert.False(call.Json().GetProperty("default_key").GetBoolean());
        Assert.Equal("redis", call.Json().GetProperty("storage").GetString());
        var setCookie = call.Headers.SetCookie.ToString();
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        Assert.StartsWith(AdminSession.CookieName + "=", parts[0], StringComparison.Ordinal);
        var value = parts[0][(AdminSession.CookieName.Length + 1)..];
        Assert.True(AdminSession.IsValid(value, AdminEndpoints.AppKey, admin.Time.GetUtcNow()));
        Assert.Contains("httponly", parts, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", parts, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", parts, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("max-age=43200", parts, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", parts, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_OverHttps_MarksTheCookieSecure()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", "/v1/admin/login", $$"""{"app_key":"{{AdminEndpoints.AppKey}}"}""", context =>
        {
            NoAuthorization(context);
            context.Request.Scheme = "https";
        });

        Assert.Equal(200, call.Status);
        Assert.Contains("secure", call.Headers.SetCookie.ToString().Split(';', StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"app_key":"wrong"}""")]
    [InlineData("""{"app_key":""}""")]
    [InlineData("""{"app_key":null}""")]
    [InlineData("{}")]
    public async Task Login_WrongKey_Is401WithoutCookie(string body)
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", "/v1/admin/login", body, NoAuthorization);

        Assert.Equal(401, call.Status);
        Assert.StartsWith("application/problem+json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal(0, call.Headers.SetCookie.Count);
        Assert.DoesNotContain(AdminEndpoints.AppKey, call.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_EleventhAttemptInAMinute_Is429WithRetryAfter()
    {
        await using var admin = AdminEndpoints.Create();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(401, (await admin.InvokeAsync("POST", "/v1/admin/login", """{"app_key":"guess"}""", NoAuthorization)).Status);
        }

        var call = await admin.InvokeAsync("POST", "/v1/admin/login", $$"""{"app_key":"{{AdminEndpoints.AppKey}}"}""", NoAuthorization);

        Assert.Equal(429, call.Status);
        Assert.StartsWith("application/problem+json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("60", call.Headers.RetryAfter.ToString());
        Assert.Equal(0, call.Headers.SetCookie.Count);
    }

    [Fact]
    public async Task Logout_DeletesTheCookie()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", "/v1/admin/logout", null, NoAuthorization);

        Assert.Equal(204, call.Status);
        var setCookie = call.Headers.SetCookie.ToString();
        Assert.StartsWith(AdminSession.CookieName + "=;", setCookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_CookieAuthorizesUntilItExpires()
    {
        await using var admin = AdminEndpoints.Create();
        var cookie = AdminSession.Issue(AdminEndpoints.AppKey, admin.Time.GetUtcNow());

        Assert.Equal(200, (await admin.InvokeAsync("GET", Session, null, WithCookie(cookie))).Status);

        admin.Time.Advance(AdminSession.Lifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(200, (await admin.InvokeAsync("GET", Session, null, WithCookie(cookie))).Status);

        admin.Time.Advance(TimeSpan.FromMinutes(1));
        var expired = await admin.InvokeAsync("GET", Session, null, WithCookie(cookie));
        Assert.Equal(401, expired.Status);
        Assert.StartsWith("application/problem+json", expired.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer", expired.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Session_ChangingTheAppKeyEndsCookiesAndOldBearerKey()
    {
        await using var admin = AdminEndpoints.Create();
        var cookie = AdminSession.Issue(AdminEndpoints.AppKey, admin.Time.GetUtcNow());

        admin.Config.Update(app => app with { AppKey = "rotated-key" });

        Assert.Equal(401, (await admin.InvokeAsync("GET", Session, null, WithCookie(cookie))).Status);
        Assert.Equal(401, (await admin.InvokeAsync("GET", Session, null)).Status);
        Assert.Equal(200, (await admin.InvokeAsync("GET", Session, null, c => c.Request.Headers.Authorization = "Bearer rotated-key")).Status);
    }

    [Fact]
    public async Task Session_SaysWhetherTheKeyIsTheDocumentedDefault_ReadLive()
    {
        await using var admin = AdminEndpoints.Create();

        var own = await admin.InvokeAsync("GET", Session);
        Assert.Equal(200, own.Status);
        Assert.True(own.Json().GetProperty("authenticated").GetBoolean());
        Assert.False(own.Json().GetProperty("default_key").GetBoolean());

        admin.Config.Update(app => app with { AppKey = AppSection.DefaultAppKey });
        var reset = await admin.InvokeAsync("GET", Session, null, c => c.Request.Headers.Authorization = "Bearer " + AppSection.DefaultAppKey);
        Assert.Equal(200, reset.Status);
        Assert.True(reset.Json().GetProperty("default_key").GetBoolean());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic dW5pdC1hZG1pbi1rZXk=")]
    [InlineData("unit-admin-key")]
    public async Task TokenEndpoints_WithoutCredentials_Are401AndNeverReachTheRegistry(string? authorization)
    {
        await using var admin = AdminEndpoints.Create();
        void Setup(HttpContext context) => context.Request.Headers.Authorization = authorization;

        (string Method, string Pattern, string? Body)[] calls =
        [
            ("GET", "/v1/admin/tokens/", null),
            ("POST", "/v1/admin/tokens/", """{"pool":"ssoBasic","tokens":["abc"]}"""),
            ("PATCH", "/v1/admin/tokens/{id}", """{"status":"disabled"}"""),
            ("DELETE", "/v1/admin/tokens/{id}", null),
            ("POST", "/v1/admin/tokens/delete", """{"ids":["a"]}"""),
            ("POST", "/v1/admin/tokens/export", "{}"),
        ];
        foreach (var (method, pattern, body) in calls)
        {
            var call = await admin.InvokeAsync(method, pattern, body, context =>
            {
                Setup(context);
                context.Request.RouteValues["id"] = "0123456789abcdef";
            });
            Assert.True(call.Status == 401, $"{method} {pattern}: {call.Status}");
            Assert.Equal("Bearer", call.Headers.WWWAuthenticate.ToString());
        }

        Assert.Empty(admin.Registry.Queries);
        Assert.Empty(admin.Registry.Adds);
        Assert.Empty(admin.Registry.Patches);
        Assert.Empty(admin.Registry.Removed);
        Assert.Empty(admin.Registry.RemovedMany);
        Assert.Empty(admin.Registry.Exports);
    }

    [Theory]
    [InlineData("POST", "/v1/admin/tokens/", """{"pool":"ssoBasic","tokens":["abc"]}""")]
    [InlineData("PATCH", "/v1/admin/tokens/{id}", """{"status":"disabled"}""")]
    [InlineData("DELETE", "/v1/admin/tokens/{id}", null)]
    [InlineData("POST", "/v1/admin/tokens/delete", """{"ids":["a"]}""")]
    [InlineData("POST", "/v1/admin/tokens/export", "{}")]
    public async Task CookieWrite_WithoutSameOriginProof_Is403AndNeverReachesTheRegistry(string method, string pattern, string? body)
    {
        await using var admin = AdminEndpoints.Create();
        var cookie = AdminSession.Issue(AdminEndpoints.AppKey, admin.Time.GetUtcNow());
        Action<HttpContext>[] foreign =
        [
            c => c.Request.Headers.Origin = "http://evil.example",
            c => c.Request.Headers.Origin = "null",
            c => c.Request.Headers["Sec-Fetch-Site"] = "cross-site",
            c => c.Request.Headers["Sec-Fetch-Site"] = "same-site",
            _ => { },
        ];

        foreach (var headers in foreign)
        {
            var call = await admin.InvokeAsync(method, pattern, body, c =>
            {
                WithCookie(cookie)(c);
                c.Request.RouteValues["id"] = "0123456789abcdef";
                headers(c);
            });
            Assert.Equal(403, call.Status);
            Assert.StartsWith("application/problem+json", call.ContentType, StringComparison.Ordinal);
            Assert.Equal("Cross-site request refused", call.Json().GetProperty("title").GetString());
        }

        Assert.Empty(admin.Registry.Adds);
        Assert.Empty(admin.Registry.Patches);
        Assert.Empty(admin.Registry.Removed);
        Assert.Empty(admin.Registry.RemovedMany);
        Assert.Empty(admin.Registry.Exports);
    }

    [Fact]
    public async Task CookieWrite_WithSameOriginProof_OrBearer_GoesThrough()
    {
        await using var admin = AdminEndpoints.Create();
        var cookie = AdminSession.Issue(AdminEndpoints.AppKey, admin.Time.GetUtcNow());
        const string Add = """{"pool":"ssoBasic","tokens":["abc"]}""";

        var byOrigin = await admin.InvokeAsync("POST", "/v1/admin/tokens/", Add, c =>
        {
            WithCookie(cookie)(c);
            c.Request.Headers.Origin = "http://127.0.0.1:8000";
        });
        var byFetchSite = await admin.InvokeAsync("POST", "/v1/admin/tokens/", Add, c =>
        {
            WithCookie(cookie)(c);
            c.Request.Headers["Sec-Fetch-Site"] = "same-origin";
        });
        var byBearer = await admin.InvokeAsync("POST", "/v1/admin/tokens/", Add, c => c.Request.Headers.Origin = "http://evil.example");
        var read = await admin.InvokeAsync("GET", "/v1/admin/tokens/", null, c =>
        {
            WithCookie(cookie)(c);
            c.Request.Headers.Origin = "http://evil.example";
        });

        Assert.Equal([200, 200, 200, 200], new[] { byOrigin.Status, byFetchSite.Status, byBearer.Status, read.Status });
        Assert.Equal(3, admin.Registry.Adds.Count);
    }

    [Fact]
    public async Task Login_FromAnotherSite_Is403WithoutCookie_FromThisSiteOrWithoutOrigin_Works()
    {
        await using var admin = AdminEndpoints.Create();
        var body = $$"""{"app_key":"{{AdminEndpoints.AppKey}}"}""";

        var foreign = await admin.InvokeAsync("POST", "/v1/admin/login", body, c =>
        {
            NoAuthorization(c);
            c.Request.Headers.Origin = "http://evil.example";
        });
        Assert.Equal(403, foreign.Status);
        Assert.Equal(0, foreign.Headers.SetCookie.Count);

        var same = await admin.InvokeAsync("POST", "/v1/admin/login", body, c =>
        {
            NoAuthorization(c);
            c.Request.Headers.Origin = "http://127.0.0.1:8000";
        });
        Assert.Equal(200, same.Status);
        Assert.Equal(1, same.Headers.SetCookie.Count);

        var script = await admin.InvokeAsync("POST", "/v1/admin/login", body, NoAuthorization);
        Assert.Equal(200, script.Status);
    }

    private static void NoAuthorization(HttpContext context) => context.Request.Headers.Remove("Authorization");

    private static Action<HttpContext> WithCookie(string cookie) => context =>
    {
        NoAuthorization(context);
        context.Request.Headers.Cookie = $"{AdminSession.CookieName}={cookie}";
    };
}
