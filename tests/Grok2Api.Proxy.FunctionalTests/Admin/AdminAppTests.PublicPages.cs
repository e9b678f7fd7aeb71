using System.Net;
using System.Text.RegularExpressions;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Hosting;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Admin;

/// <summary>
/// The public pages (/login, /imagine, /video, /voice and their assets below /public/), the second app
/// built from admin-spa/ (docs/adr/0027-public-pages.md): 404 while <c>app.public_enabled</c> is off,
/// else the page with its policy; their scripts load nothing of the admin app and keep no key.
/// </summary>
public sealed partial class AdminAppTests
{
    private static readonly string[] PublicRoutes = ["/login", "/imagine", "/video", "/voice"];

    [Fact]
    public async Task PublicPages_AreNotFound_WhileThePlaygroundIsOff()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();

        foreach (var path in PublicRoutes.Append(PublicAssetFiles()[0]).Append("/public/playground.html"))
        {
            using var response = await client.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain("<div id=\"app\">", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublicPages_WhenOn_AnswerTheirPage_WithTheirPolicy_AndEveryBuiltFile()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\npublic_enabled = true\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        using var client = gateway.CreateClient();
        var page = File.ReadAllText(Path.Combine(PublicDistDirectory, "playground.html"));

        foreach (var path in PublicRoutes)
        {
            using var response = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(page, await response.Content.ReadAsStringAsync(ct));
            Assert.True(response.Headers.CacheControl?.NoCache);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("'self'", policy["default-src"]);
            Assert.Equal("'self'", policy["script-src"]);
            Assert.Equal("'self'", policy["style-src"]);
            // The voice page connects to the LiveKit server its token names (upstream.livekit_url), and nowhere else.
            Assert.Equal("'self' wss://livekit.grok.com https://livekit.grok.com", policy["connect-src"]);
            Assert.Equal("'none'", policy["frame-ancestors"]);
            Assert.DoesNotContain(policy.Values, value => value.Contains("unsafe", StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal));
        }

        // The page loads only from /public/ on its own origin, never from the admin app.
        var references = ReferenceAttribute().Matches(page).Select(match => match.Groups["url"].Value).ToList();
        Assert.Contains(references, url => url.EndsWith(".js", StringComparison.Ordinal));
        Assert.All(references, url => Assert.True(url.StartsWith("/public/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));

        foreach (var url in PublicAssetFiles())
        {
            using var response = await client.GetAsync(url, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(PublicDistDirectory, url["/public/".Length..])), await response.Content.ReadAsByteArrayAsync(ct));
            Assert.Contains(response.Headers.CacheControl!.Extensions, extension => extension.Name == "immutable");
        }

        using var noPage = await client.GetAsync("/public/imagine", ct);
        Assert.Equal(HttpStatusCode.NotFound, noPage.StatusCode);
        var embedded = typeof(GrokApp).Assembly.GetManifestResourceNames().Where(name => name.StartsWith("public/", StringComparison.Ordinal)).Select(name => "/" + name).Order(StringComparer.Ordinal);
        Assert.Equal(PublicAssetFiles().Append("/public/playground.html").Order(StringComparer.Ordinal), embedded);
    }

    [Theory]
    [InlineData("wss://livekit.grok.com", "'self' wss://livekit.grok.com https://livekit.grok.com")]
    [InlineData("https://lk.example.com:7443/rtc", "'self' wss://lk.example.com:7443 https://lk.example.com:7443")]
    [InlineData("ws://127.0.0.1:7880", "'self' ws://127.0.0.1:7880 http://127.0.0.1:7880")]
    [InlineData("ws://[::1]:7880", "'self' ws://[::1]:7880 http://[::1]:7880")]
    public void PublicPages_Policy_LetsTheVoicePageConnectToTheConfiguredLiveKitServerOnly(string livekitUrl, string connectSources)
    {
        var policy = Directives(Grok2Api.Proxy.Admin.PublicPagesEndpoints.ContentSecurityPolicy(livekitUrl));

        Assert.Equal(connectSources, policy["connect-src"]);
        Assert.Equal("'self'", policy["script-src"]);
    }

    [Fact]
    public void PublicPages_Scripts_KeepNoKey_AndCallNothingOfTheAdminApp()
    {
        // The public session is an HttpOnly cookie; the pages' own script keeps only the language choice.
        // The LiveKit client (its own chunk, loaded by the voice page) keeps nothing either: its logger can
        // remember a level, but only when told to, which the page never does.
        var scripts = PublicAssetFiles().Where(url => url.EndsWith(".js", StringComparison.Ordinal))
            .ToDictionary(url => url, url => File.ReadAllText(Path.Combine(PublicDistDirectory, url["/public/".Length..])));
        var (mainUrl, main) = Assert.Single(scripts, pair => !pair.Key.Contains("livekit", StringComparison.Ordinal));
        Assert.Contains(scripts.Keys, url => url.Contains("livekit", StringComparison.Ordinal));

        Assert.DoesNotContain("document.cookie", main, StringComparison.Ordinal);
        Assert.DoesNotContain("sessionStorage", main, StringComparison.Ordinal);
        Assert.DoesNotContain("indexedDB", main, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(main, @"localStorage\.setItem\("));
        Assert.Contains("grok2api_lang", main, StringComparison.Ordinal);
        foreach (var (url, script) in scripts)
        {
            Assert.DoesNotContain("/v1/admin", script, StringComparison.Ordinal);
            Assert.DoesNotContain("\"/admin", script, StringComparison.Ordinal);
            Assert.DoesNotContain("sessionStorage", script, StringComparison.Ordinal);
            Assert.DoesNotContain("indexedDB", script, StringComparison.Ordinal);
            Assert.True(url == mainUrl || !script.Contains("localStorage.setItem(", StringComparison.Ordinal), url);
        }

        // The main script names no other host (the LiveKit server comes with the token).
        var hosts = AbsoluteUrl().Matches(main).Select(match => match.Groups["host"].Value).Distinct().ToList();
        Assert.True(hosts.All(host => host == "www.w3.org"), $"{mainUrl} names {string.Join(", ", hosts)}.");
    }

    /// <summary>The public pages' build: admin-spa/dist-public of this checkout.</summary>
    private static string PublicDistDirectory => Path.Combine(Path.GetDirectoryName(DistDirectory)!, "dist-public");

    /// <summary>The URLs of the public pages' assets, as built.</summary>
    private static List<string> PublicAssetFiles()
    {
        var files = Directory.GetFiles(Path.Combine(PublicDistDirectory, "assets"))
            .Select(file => "/public/assets/" + Path.GetFileName(file))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }
}
