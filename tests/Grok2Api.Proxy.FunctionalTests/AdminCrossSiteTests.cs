using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// Cross-site protection of the admin API (docs/security.md, "Cross-site writes"): a write made with
/// the session cookie must carry the site's own Origin or <c>Sec-Fetch-Site: same-origin</c> (what a
/// browser sends from the admin pages), else 403 and nothing changes; the bearer key is exempt; a
/// login from another site's page is refused.
/// </summary>
public sealed class AdminCrossSiteTests
{
    private const string Foreign = "https://evil.example";

    [Fact]
    public async Task CookieWrites_WithoutSameOriginProof_Are403AndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        var token = TestTokens.New("kept");
        var intruder = TestTokens.New("intruder");
        await site.Admin.AddAsync("ssoBasic", [token], ct);
        var id = TestTokens.IdOf(token);

        (string? Origin, string? SecFetchSite)[] proofs = [(Foreign, null), ("null", null), (null, "cross-site"), (null, "same-site"), (null, null)];
        (HttpMethod Method, string Path, string? Body)[] writes =
        [
            (HttpMethod.Post, "/v1/admin/tokens", $$"""{"pool":"ssoBasic","tokens":["{{intruder}}"]}"""),
            (HttpMethod.Patch, $"/v1/admin/tokens/{id}", """{"status":"disabled","note":"changed"}"""),
            (HttpMethod.Delete, $"/v1/admin/tokens/{id}", null),
            (HttpMethod.Post, "/v1/admin/tokens/delete", $$"""{"ids":["{{id}}"]}"""),
            (HttpMethod.Post, "/v1/admin/tokens/export", "{}"),
            (HttpMethod.Patch, "/v1/admin/config", """{"token":{"fail_threshold":9}}"""),
            (HttpMethod.Post, "/v1/admin/cache/clear", """{"type":"image"}"""),
        ];
        foreach (var (method, path, body) in writes)
        {
            foreach (var (origin, fetchSite) in proofs)
            {
                using var response = await (new AdminRequest(method, path) { Cookie = site.Cookie, JsonBody = body, Origin = origin, SecFetchSite = fetchSite })
                    .SendAsync(site.Client, ct);
                var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Forbidden, ct);
                Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
                Assert.DoesNotContain(token, problem.ToString(), StringComparison.Ordinal);
            }
        }

        var items = await site.Admin.ItemsAsync(ct);
        var item = Assert.Single(items);
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("active", item.GetProperty("status").GetString());
        Assert.Equal("", item.GetProperty("note").GetString());
        var config = await site.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct);
        Assert.Equal(5, config.GetProperty("token").GetProperty("fail_threshold").GetInt32());

        // Reading needs no proof: a cross-site page cannot read the answer anyway.
        using var read = await (AdminRequest.Get("/v1/admin/tokens") with { Cookie = site.Cookie, Origin = Foreign }).SendAsync(site.Client, ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task CookieWrites_WithTheSiteOriginOrSameOriginFetch_Work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        var token = TestTokens.New("mine");
        var id = TestTokens.IdOf(token);

        using (var add = await (AdminRequest.Post("/v1/admin/tokens", $$"""{"pool":"ssoBasic","tokens":["{{token}}"]}""") with { Cookie = site.Cookie, Origin = site.Origin })
            .SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        using (var patch = await (new AdminRequest(HttpMethod.Patch, $"/v1/admin/tokens/{id}") { Cookie = site.Cookie, Origin = site.Origin, JsonBody = """{"note":"by origin"}""" })
            .SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        Assert.Equal("by origin", (await site.Admin.ItemAsync(id, ct)).GetProperty("note").GetString());

        using (var patch = await (new AdminRequest(HttpMethod.Patch, $"/v1/admin/tokens/{id}") { Cookie = site.Cookie, SecFetchSite = "same-origin", JsonBody = """{"note":"by fetch site"}""" })
            .SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        Assert.Equal("by fetch site", (await site.Admin.ItemAsync(id, ct)).GetProperty("note").GetString());

        using (var delete = await (new AdminRequest(HttpMethod.Delete, $"/v1/admin/tokens/{id}") { Cookie = site.Cookie, Origin = site.Origin, SecFetchSite = "same-origin" })
            .SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Empty(await site.Admin.ItemsAsync(ct));
    }

    [Fact]
    public async Task BearerWrites_NeedNoOrigin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        var plain = TestTokens.New("script");
        var foreign = TestTokens.New("foreign");

        using (var add = await (AdminRequest.Post("/v1/admin/tokens", $$"""{"pool":"ssoBasic","tokens":["{{plain}}"]}""") with { Bearer = AdminClient.DefaultAppKey })
            .SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        // A page on another site cannot set Authorization, so a bearer request is trusted whatever its Origin, also next to a cookie.
        using (var add = await (AdminRequest.Post("/v1/admin/tokens", $$"""{"pool":"ssoBasic","tokens":["{{foreign}}"]}""") with
        {
            Bearer = AdminClient.DefaultAppKey,
            Cookie = site.Cookie,
            Origin = Foreign,
        }).SendAsync(site.Client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        Assert.Equal(2, (await site.Admin.ItemsAsync(ct)).Count);
    }

    [Fact]
    public async Task Login_FromAnotherSite_Is403AndSetsNoCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await Site.StartAsync(ct);
        const string Body = """{"app_key":"grok2api"}""";

        using (var foreign = await (AdminRequest.Post("/v1/admin/login", Body) with { Origin = Foreign }).SendAsync(site.Client, ct))
        {
            await ProblemAssert.ProblemAsync(foreign, HttpStatusCode.Forbidden, ct);
            Assert.False(foreign.Headers.Contains("Set-Cookie"));
        }

        using (var foreign = await (AdminRequest.Post("/v1/admin/login", Body) with { Origin = "null", SecFetchSite = "cross-site" }).SendAsync(site.Client, ct))
        {
            await ProblemAssert.ProblemAsync(foreign, HttpStatusCode.Forbidden, ct);
            Assert.False(foreign.Headers.Contains("Set-Cookie"));
        }

        using var same = await (AdminRequest.Post("/v1/admin/login", Body) with { Origin = site.Origin }).SendAsync(site.Client, ct);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.True(same.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task BehindATrustedProxy_TheOriginIsComparedWithTheForwardedScheme()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napp_key = \"proxied-key\"\ntrusted_proxies = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var authority = gateway.BaseAddress.Authority;
        string cookie;
        using (var login = await (AdminRequest.Post("/v1/admin/login", """{"app_key":"proxied-key"}""") with
        {
            ForwardedFor = "203.0.113.7",
            ForwardedProto = "https",
            Origin = "https://" + authority,
        }).SendAsync(client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        AdminRequest Add(string origin) => AdminRequest.Post("/v1/admin/tokens", $$"""{"pool":"ssoBasic","tokens":["{{TestTokens.New()}}"]}""") with
        {
            Cookie = cookie,
            ForwardedFor = "203.0.113.7",
            ForwardedProto = "https",
            Origin = origin,
        };

        using (var https = await Add("https://" + authority).SendAsync(client, ct))
        {
            Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        }

        using var http = await Add("http://" + authority).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(http, HttpStatusCode.Forbidden, ct);
    }

    /// <summary>A gateway with the default key and a logged-in session cookie (the login sent no Origin, as a script would).</summary>
    private sealed class Site : IAsyncDisposable
    {
        private readonly TempDirectory _data;

        private Site(TempDirectory data, GatewayHost gateway, HttpClient client, string cookie)
        {
            _data = data;
            Gateway = gateway;
            Client = client;
            Cookie = cookie;
        }

        public GatewayHost Gateway { get; }

        public HttpClient Client { get; }

        public string Cookie { get; }

        /// <summary>The origin a browser on the admin pages sends: scheme, host and port the client used.</summary>
        public string Origin => Gateway.BaseAddress.GetLeftPart(UriPartial.Authority);

        public AdminClient Admin => new(Gateway.Client);

        public static async Task<Site> StartAsync(CancellationToken ct)
        {
            var data = new TempDirectory();
            var gateway = await GatewayHost.StartAsync(data.Path, ct);
            var client = gateway.CreateClient();
            using var login = await AdminRequest.Post("/v1/admin/login", """{"app_key":"grok2api"}""").SendAsync(client, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            return new Site(data, gateway, client, login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Gateway.DisposeAsync();
            _data.Dispose();
        }
    }
}
