using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>How the admin API lets people in (docs/compatibility.md §7.2): bearer app_key, or the login session cookie.</summary>
public sealed class AdminAuthTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    // Tests on the shared gateway make at most 5 login attempts together, under the limit of 10 a minute.

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer grok2ap")]
    [InlineData("grok2api")]
    public async Task Tokens_WithoutValidCredentials_Is401ProblemDetails(string? authorization)
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        using var client = gateway.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/tokens");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task EveryTokenEndpoint_RequiresAuthentication()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        var token = TestTokens.New();
        var admin = new AdminClient(gateway.Client);
        await admin.AddAsync("ssoBasic", [token], ct);
        var id = TestTokens.IdOf(token);
        using var client = gateway.CreateClient();

        (HttpMethod Method, string Path, string? Body)[] calls =
        [
            (HttpMethod.Get, "/v1/admin/tokens", null),
            (HttpMethod.Post, "/v1/admin/tokens", """{"pool":"ssoBasic","tokens":["eyJhbGciOiJIUzI1NiJ9.intruder-token-000000"]}"""),
            (HttpMethod.Patch, $"/v1/admin/tokens/{id}", """{"status":"disabled"}"""),
            (HttpMethod.Delete, $"/v1/admin/tokens/{id}", null),
            (HttpMethod.Post, "/v1/admin/tokens/delete", $$"""{"ids":["{{id}}"]}"""),
            (HttpMethod.Post, "/v1/admin/tokens/export", "{}"),
            (HttpMethod.Get, "/v1/admin/session", null),
        ];
        foreach (var (method, path, body) in calls)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, ct);
            var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
            Assert.DoesNotContain(token, problem.ToString(), StringComparison.Ordinal);
        }

        // Nothing the anonymous calls tried happened.
        var item = await admin.ItemAsync(id, ct);
        Assert.Equal("active", item.GetProperty("status").GetString());
        Assert.DoesNotContain(
            await admin.ItemsAsync(ct),
            i => i.GetProperty("id").GetString() == TestTokens.IdOf("eyJhbGciOiJIUzI1NiJ9.intruder-token-000000"));
    }

    [Fact]
    public async Task Login_WrongKey_Is401AndSetsNoCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        using var client = gateway.CreateClient();

        foreach (var body in new[] { """{"app_key":"not-the-key"}""", """{"app_key":""}""", "{}" })
        {
            using var response = await client.PostAsync(
                new Uri("/v1/admin/login", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), ct);
            await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task Login_RightKey_SetsHttpOnlyStrictCookieThatAuthorizes()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        using var client = gateway.CreateClient();

        using var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries);
        var pair = attributes[0].Split('=', 2);
        Assert.Equal("grok2api_admin", pair[0]);
        Assert.False(string.IsNullOrEmpty(pair[1]));
        Assert.DoesNotContain(AdminClient.DefaultAppKey, pair[1], StringComparison.Ordinal);
        Assert.Contains(attributes, a => a.Equals("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(attributes, a => a.Equals("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(attributes, a => a.Equals("path=/", StringComparison.OrdinalIgnoreCase));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/tokens");
        request.Headers.Add("Cookie", attributes[0]);
        using var listed = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        // A tampered cookie does not.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/tokens");
        forged.Headers.Add("Cookie", $"grok2api_admin=9999999999.{pair[1].Split('.')[1]}");
        using var rejected = await client.SendAsync(forged, ct);
        await ProblemAssert.ProblemAsync(rejected, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Logout_EndsTheSessionEvenForACopyOfTheCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        using var client = gateway.CreateClient();
        string cookie;
        using (var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        // A second login is a separate session and must survive the first one's logout.
        string other;
        using (var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct))
        {
            other = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        Assert.NotEqual(cookie, other);
        using (var logout = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/logout"))
        {
            logout.Headers.Add("Cookie", cookie);
            using var answer = await client.SendAsync(logout, ct);
            Assert.True(answer.IsSuccessStatusCode);
        }

        using (var replay = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/session"))
        {
            replay.Headers.Add("Cookie", cookie);
            using var answer = await client.SendAsync(replay, ct);
            await ProblemAssert.ProblemAsync(answer, HttpStatusCode.Unauthorized, ct);
        }

        using (var still = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/session"))
        {
            still.Headers.Add("Cookie", other);
            using var answer = await client.SendAsync(still, ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    [Fact]
    public async Task Session_WithBrowserCookieJar_LoginWorksAndLogoutClears()
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = fixture.Gateway;
        using var browser = gateway.CreateClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true });

        using (var before = await browser.GetAsync(new Uri("/v1/admin/session", UriKind.Relative), ct))
        {
            await ProblemAssert.ProblemAsync(before, HttpStatusCode.Unauthorized, ct);
        }

        using (var login = await browser.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using (var session = await browser.GetAsync(new Uri("/v1/admin/session", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        }

        using (var logout = await browser.PostAsync(new Uri("/v1/admin/logout", UriKind.Relative), null, ct))
        {
            Assert.True(logout.IsSuccessStatusCode);
            var cleared = Assert.Single(logout.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("grok2api_admin=;", cleared, StringComparison.Ordinal);
            Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
        }

        using var after = await browser.GetAsync(new Uri("/v1/admin/tokens", UriKind.Relative), ct);
        await ProblemAssert.ProblemAsync(after, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Session_EndsWhenTheAppKeyChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        using var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie")).Split(';')[0];

        var text = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        Assert.Contains("app_key = \"grok2api\"", text, StringComparison.Ordinal);
        DataDirectoryFiles.ReplaceConfig(data.Path, text.Replace("app_key = \"grok2api\"", "app_key = \"rotated-admin-key\"", StringComparison.Ordinal));

        var status = await Eventually.PollAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/session");
                request.Headers.Add("Cookie", cookie);
                using var response = await client.SendAsync(request, ct);
                return response.StatusCode;
            },
            s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(15),
            ct);
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        using var rotated = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/session");
        rotated.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "rotated-admin-key");
        using var ok = await client.SendAsync(rotated, ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Session_SaysWhetherTheAdminKeyIsStillTheDefault()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        using (var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var answer = await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
            Assert.True(answer.GetProperty("default_key").GetBoolean());
        }

        var session = await new AdminClient(fixture.Gateway.Client).JsonAsync(HttpMethod.Get, "/v1/admin/session", null, ct);
        Assert.True(session.GetProperty("authenticated").GetBoolean());
        Assert.Equal("local", session.GetProperty("storage").GetString());
        Assert.True(session.GetProperty("default_key").GetBoolean());

        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napp_key = \"an-operator-key\"\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var own = await new AdminClient(gateway.Client, "an-operator-key").JsonAsync(HttpMethod.Get, "/v1/admin/session", null, ct);
        Assert.True(own.GetProperty("authenticated").GetBoolean());
        Assert.False(own.GetProperty("default_key").GetBoolean());
    }

    [Fact]
    public async Task BearerAppKey_Authorizes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napp_key = \"my-admin-key\"\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        var list = await new AdminClient(gateway.Client, "my-admin-key").ListAsync("", ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());

        // The built-in default no longer opens it once the operator set their own key.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminClient.DefaultAppKey);
        using var response = await gateway.Client.SendAsync(request, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Login_TooManyAttemptsFromOneAddress_Is429EvenWithTheRightKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            using var wrong = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = $"guess-{i}" }, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct);
        await ProblemAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ct);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.False(limited.Headers.Contains("Set-Cookie"));

        // Bearer access is not affected by the login limit.
        var list = await new AdminClient(gateway.Client).ListAsync("", ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }
}
