using System.Net;
using System.Text.RegularExpressions;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Hosting;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Admin;

/// <summary>
/// The admin app at /admin as a browser gets it from the real gateway: the page for every app route
/// (never cached, a same-origin Content-Security-Policy), its hashed assets (cached for good, with
/// the right types and ETags), nothing from another origin, and the same exposure guard as the admin
/// API while the key is the default (docs/adr/0012-admin-app-build-and-serving.md).
/// </summary>
public sealed partial class AdminAppTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string RemoteClient = "203.0.113.7";

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    [InlineData("/admin/tokens")]
    [InlineData("/admin/config")]
    [InlineData("/admin/cache")]
    [InlineData("/admin/login")]
    [InlineData("/admin/tokens/")]
    public async Task AppRoutes_AnswerThePage_NeverCached_WithASameOriginPolicy(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(File.ReadAllText(Path.Combine(DistDirectory, "index.html")), body);
        Assert.Contains("<div id=\"app\">", body, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, "The page must be revalidated, so a new build is picked up at once.");
        Assert.False(response.Headers.CacheControl?.Public ?? false);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

        var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.DoesNotContain(policy.Values, value => value.Contains("unsafe", StringComparison.Ordinal) || value.Contains("http", StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task SiteRoot_RedirectsToTheAdminApp(string method)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/"), ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/admin/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Page_LoadsOnlyFromItsOwnOrigin()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var page = await client.GetStringAsync("/admin/", ct);

        var references = ReferenceAttribute().Matches(page).Select(match => match.Groups["url"].Value).ToList();

        Assert.Contains(references, url => url.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(references, url => url.EndsWith(".css", StringComparison.Ordinal));
        foreach (var url in references)
        {
            Assert.True(url.StartsWith("/admin/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"The page loads {url}, which is not below /admin/ on its own origin.");
            Assert.False(url.StartsWith("//", StringComparison.Ordinal), url);
        }

        Assert.DoesNotMatch(AbsoluteUrl(), page);

        // The stylesheets and scripts fetch nothing either (no web font, no CDN import); the only
        // absolute URLs in the script are XML namespace names, which are never fetched.
        foreach (var url in references.Where(url => url.StartsWith("/admin/assets/", StringComparison.Ordinal)))
        {
            var text = await client.GetStringAsync(url, ct);
            var hosts = AbsoluteUrl().Matches(text).Select(match => match.Groups["host"].Value).Distinct().ToList();
            Assert.True(hosts.All(host => host == "www.w3.org"), $"{url} names {string.Join(", ", hosts)}.");
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_KeepsNoKeyInTheBrowser()
    {
        // The session is an HttpOnly cookie the script cannot read; the script keeps nothing but the
        // language choice (one localStorage write) and the ids of dismissed task panels (one
        // sessionStorage write).
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var scripts = await AssetTextsAsync(client, ".js", ct);

        Assert.NotEmpty(scripts);
        var script = string.Join('\n', scripts);
        Assert.DoesNotContain("document.cookie", script, StringComparison.Ordinal);
        Assert.DoesNotContain("indexedDB", script, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(script, @"localStorage\.setItem\("));
        Assert.Contains("grok2api_lang", script, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(script, @"sessionStorage\.setItem\("));
        Assert.Contains("grok2api_dismissed_tasks", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".js", "text/javascript")]
    [InlineData(".css", "text/css")]
    public async Task HashedAsset_IsCachedForGood_WithItsType(string extension, string mediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var url = Assert.Single(await AssetUrlsAsync(client, ct), url => url.EndsWith(extension, StringComparison.Ordinal));

        using var response = await client.GetAsync(url, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^/admin/assets/[\w.-]+-[\w-]{6,}\.\w+$", url);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains(response.Headers.CacheControl!.Extensions, extension => extension.Name == "immutable");
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(File.ReadAllBytes(Path.Combine(DistDirectory, url["/admin/".Length..])), bytes);
    }

    [Fact]
    public async Task IfNoneMatch_WithTheCurrentETag_Is304_AnotherETagGetsTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var asset = (await AssetUrlsAsync(client, ct))[0];

        foreach (var path in new[] { "/admin/tokens", asset })
        {
            using var first = await client.GetAsync(path, ct);
            var etag = first.Headers.ETag!;

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.TryAddWithoutValidation("If-None-Match", etag.Tag);
            using var notModified = await client.SendAsync(again, ct);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(ct));
            Assert.Equal(etag, notModified.Headers.ETag);

            using var other = new HttpRequestMessage(HttpMethod.Get, path);
            other.Headers.TryAddWithoutValidation("If-None-Match", "\"an-older-build\"");
            using var changed = await client.SendAsync(other, ct);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(ct), await changed.Content.ReadAsByteArrayAsync(ct));
        }

        // Every route shares the page's ETag: it is one file.
        using var page = await client.GetAsync("/admin/", ct);
        using var tokens = await client.GetAsync("/admin/tokens", ct);
        Assert.Equal(page.Headers.ETag, tokens.Headers.ETag);
    }

    [Fact]
    public async Task Head_AnswersTheHeadersOfGet_WithoutABody()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var asset = (await AssetUrlsAsync(client, ct))[0];

        foreach (var path in new[] { "/admin/config", asset })
        {
            using var get = await client.GetAsync(path, ct);
            var length = (await get.Content.ReadAsByteArrayAsync(ct)).Length;

            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), ct);

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(length, head.Content.Headers.ContentLength);
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(ct));
        }
    }

    [Theory]
    [InlineData("/admin/assets/index-00000000.js")]
    [InlineData("/admin/assets/missing.css")]
    [InlineData("/admin/favicon.ico")]
    [InlineData("/admin/index.html.bak")]
    [InlineData("/admin/assets/..%2F..%2Fappsettings.json")]
    [InlineData("/admin/..%2Fv1%2Fadmin%2Ftokens.json")]
    public async Task UnknownFile_Is404_NotThePage(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();

        using var response = await client.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<div id=\"app\">", body, StringComparison.Ordinal);
        Assert.False(response.Headers.CacheControl?.Public ?? false, "A miss must not be cached as if it were an asset.");
    }

    [Fact]
    public async Task Writes_AreNotAnswered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();

        using var post = await client.PostAsync("/admin/tokens", new StringContent("x"), ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task EveryBuiltFile_IsEmbedded_AndServedAsBuilt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        var built = Directory.GetFiles(DistDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(DistDirectory, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var embedded = typeof(GrokApp).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("admin/", StringComparison.Ordinal))
            .Select(name => name["admin/".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("index.html", built);
        Assert.Contains(built, file => file.StartsWith("assets/", StringComparison.Ordinal) && file.EndsWith(".js", StringComparison.Ordinal));
        Assert.Equal(built, embedded);
        foreach (var file in built)
        {
            using var response = await client.GetAsync("/admin/" + file, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/admin/{file}: {(int)response.StatusCode}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(DistDirectory, file)), await response.Content.ReadAsByteArrayAsync(ct));
        }
    }

    [Fact]
    public async Task DefaultKey_OnlyLoopbackClientsGetTheApp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\ntrusted_proxies = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var asset = (await AssetUrlsAsync(client, ct))[0];

        foreach (var path in new[] { "/admin", "/admin/tokens", asset })
        {
            using var remote = await (AdminRequest.Get(path) with { ForwardedFor = RemoteClient }).SendAsync(client, ct);
            var problem = await ProblemAssert.ProblemAsync(remote, HttpStatusCode.Forbidden, ct);
            Assert.Contains("app.app_key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var local = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        }

        // A page from a name the service does not answer to (DNS rebinding) is refused too.
        using var rebound = await (AdminRequest.Get("/admin/") with { Host = "rebind.attacker.example" }).SendAsync(client, ct);
        await ProblemAssert.ProblemAsync(rebound, HttpStatusCode.MisdirectedRequest, ct);
    }

    [Fact]
    public async Task ChangedKey_RemoteClientsGetTheApp_TheApiStillNeedsTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napp_key = \"app-test-key-7c1d\"\ntrusted_proxies = [\"127.0.0.1\"]\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();

        using var page = await (AdminRequest.Get("/admin/tokens") with { ForwardedFor = RemoteClient }).SendAsync(client, ct);
        using var api = await (AdminRequest.Get("/v1/admin/tokens") with { ForwardedFor = RemoteClient }).SendAsync(client, ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<div id=\"app\">", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await ProblemAssert.ProblemAsync(api, HttpStatusCode.Unauthorized, ct);
    }

    /// <summary>The built app the Proxy build embedded: admin-spa/dist of this checkout.</summary>
    private static string DistDirectory { get; } = FindDist();

    private static string FindDist()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Grok2Api.sln")))
            {
                return Path.Combine(directory.FullName, "admin-spa", "dist");
            }
        }

        throw new InvalidOperationException("The repository root (Grok2Api.sln) was not found above the test assembly.");
    }

    private static async Task<List<string>> AssetUrlsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var page = await client.GetStringAsync("/admin/", cancellationToken);
        var urls = ReferenceAttribute().Matches(page).Select(match => match.Groups["url"].Value)
            .Where(url => url.StartsWith("/admin/assets/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(urls);
        return urls;
    }

    private static async Task<List<string>> AssetTextsAsync(HttpClient client, string extension, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        foreach (var url in (await AssetUrlsAsync(client, cancellationToken)).Where(url => url.EndsWith(extension, StringComparison.Ordinal)))
        {
            texts.Add(await client.GetStringAsync(url, cancellationToken));
        }

        return texts;
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);

    [GeneratedRegex("""(?:src|href)\s*=\s*"(?<url>[^"]*)"|(?:src|href)\s*=\s*'(?<url>[^']*)'""", RegexOptions.IgnoreCase)]
    private static partial Regex ReferenceAttribute();

    [GeneratedRegex(@"(?:https?:)?//(?<host>[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
