using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>The admin config API of docs/compatibility.md §7.2 (GET and PATCH /v1/admin/config), end to end over a fresh DATA_DIR per test.</summary>
public sealed class AdminConfigApiTests
{
    private const string AppKey = "admin-key-0123456789";
    private const string ApiKey = "sk-config-secret-abcdef";

    private static readonly string StartingConfig = $$"""
        # Operator notes: keep this comment.
        [app]
        app_key = "{{AppKey}}"
        api_key = "{{ApiKey}}"

        [chat]
        # A smaller limit than the default.
        max_body_mb = 20

        """;

    [Fact]
    public async Task Get_IsTheEffectiveConfigWithSecretsMasked()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);

        var config = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct);

        // Stored values and defaults merged.
        Assert.Equal(20, config.GetProperty("chat").GetProperty("max_body_mb").GetInt32());
        Assert.Equal("chrome136", config.GetProperty("proxy").GetProperty("browser").GetString());
        Assert.Equal("url", config.GetProperty("app").GetProperty("image_format").GetString());

        // The secrets are present but never in clear.
        var app = config.GetProperty("app");
        Assert.NotEqual(AppKey, app.GetProperty("app_key").GetString());
        Assert.NotEqual(ApiKey, app.GetProperty("api_key").GetString());
        AssertNoSecretIn(admin, AppKey, ApiKey);
    }

    [Fact]
    public async Task Patch_OneKey_ChangesOnlyItKeepsTheFileAndAppliesLive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);
        const string newApiKey = "sk-rotated-key-987654321";
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(gateway.Client, ApiKey, ct)).StatusCode);

        var answer = await admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", new JsonObject
        {
            ["app"] = new JsonObject { ["api_key"] = newApiKey },
        }, ct);

        // The answer is the new effective config, masked.
        Assert.Equal(20, answer.GetProperty("chat").GetProperty("max_body_mb").GetInt32());
        Assert.NotEqual(newApiKey, answer.GetProperty("app").GetProperty("api_key").GetString());
        AssertNoSecretIn(admin, AppKey, ApiKey, newApiKey);

        // Only that key changed in config.toml: the other keys and the comments are kept.
        var toml = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        Assert.Contains("# Operator notes: keep this comment.", toml, StringComparison.Ordinal);
        Assert.Contains("# A smaller limit than the default.", toml, StringComparison.Ordinal);
        Assert.Contains("max_body_mb = 20", toml, StringComparison.Ordinal);
        Assert.Contains($"app_key = \"{AppKey}\"", toml, StringComparison.Ordinal);
        Assert.Contains($"api_key = \"{newApiKey}\"", toml, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, toml, StringComparison.Ordinal);

        // Applied without a restart: the OpenAI API now wants the new key, and the old one is refused.
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(gateway.Client, newApiKey, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ModelsAsync(gateway.Client, ApiKey, ct)).StatusCode);

        // A masked secret sent back as shown leaves the key as it is.
        var masked = answer.GetProperty("app").GetProperty("api_key").GetString();
        await admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", new JsonObject
        {
            ["app"] = new JsonObject { ["api_key"] = masked },
        }, ct);
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(gateway.Client, newApiKey, ct)).StatusCode);
    }

    [Fact]
    public async Task Patch_BadValues_Are400NamingTheKeyAndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);
        var bytes = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        var before = (await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct)).GetRawText();

        (string Body, string Key)[] cases =
        [
            ("""{"chat":{"max_body_mb":"lots"}}""", "chat.max_body_mb"),
            ("""{"chat":{"max_body_mb":0}}""", "chat.max_body_mb"),
            ("""{"chat":{"max_body_mb":4096}}""", "chat.max_body_mb"),
            ("""{"app":{"image_format":"gif"}}""", "app.image_format"),
            ("""{"app":{"image_format":7}}""", "app.image_format"),

            // A good key next to a bad one: neither is applied.
            ("""{"proxy":{"browser":"chrome120"},"chat":{"max_body_mb":-1}}""", "chat.max_body_mb"),

            // A typo: refused, where it would be saved and do nothing.
            ("""{"chat":{"concurent":20}}""", "chat.concurent"),
            ("""{"chta":{"concurrent":20}}""", "chta"),

            // What an HTTP header cannot carry: refused, where it would be saved and then fail every call to grok.com.
            ("""{"proxy":{"user_agent":"Mozilla/5.0\u00a0(X11)"}}""", "proxy.user_agent"),
            ("""{"proxy":{"cf_clearance":"cf\u2019clearance-value"}}""", "proxy.cf_clearance"),

            // Not an object of objects.
            ("""{"chat":5}""", "chat"),
            ("""{"chat":"max_body_mb=1"}""", "chat"),
            ("""{"chat":[1]}""", "chat"),
            ("""{"chat":null}""", "chat"),
        ];
        foreach (var (body, key) in cases)
        {
            using var response = await admin.SendRawAsync(HttpMethod.Patch, "/v1/admin/config", body, ct);
            await ProblemAssert.ValidationAsync(response, key, ct);
        }

        // Not even JSON objects: 400 problem details too.
        foreach (var body in new[] { "[1,2]", "\"chat\"", "{", "null" })
        {
            using var response = await admin.SendRawAsync(HttpMethod.Patch, "/v1/admin/config", body, ct);
            await ProblemAssert.ProblemBodyAsync(response, HttpStatusCode.BadRequest, ct);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
        Assert.Equal(before, (await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct)).GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(gateway.Client, ApiKey, ct)).StatusCode);
    }

    [Fact]
    public async Task Patch_FreeTextRoundTripsExactlyThroughGetAndARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        const string text = "line one\nline \"two\" with a back\\slash, a tab\t, 中文, Ünïcødé ☃ and 😀 ''' \"\"\" #not a comment";

        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            var admin = new AdminClient(gateway.Client, AppKey);
            var answer = await admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", new JsonObject
            {
                ["proxy"] = new JsonObject { ["browser"] = text },
            }, ct);
            Assert.Equal(text, answer.GetProperty("proxy").GetProperty("browser").GetString());
            Assert.Equal(text, await BrowserAsync(admin, ct));
        }

        await using (var restarted = await GatewayHost.StartAsync(data.Path, ct))
        {
            var admin = new AdminClient(restarted.Client, AppKey);
            Assert.Equal(text, await BrowserAsync(admin, ct));
            Assert.Equal(20, (await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct)).GetProperty("chat").GetProperty("max_body_mb").GetInt32());
        }
    }

    [Fact]
    public async Task WithoutAuth_Is401AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var bytes = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);

        using (var get = await gateway.Client.GetAsync(new Uri("/v1/admin/config", UriKind.Relative), ct))
        {
            await ProblemAssert.ProblemAsync(get, HttpStatusCode.Unauthorized, ct);
        }

        foreach (var key in new[] { null, "wrong-key", ApiKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri("/v1/admin/config", UriKind.Relative))
            {
                Content = new StringContent("""{"chat":{"max_body_mb":5}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await gateway.Client.SendAsync(request, ct);
            await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
    }

    [Fact]
    public async Task Patch_BodyAboveTheLimit_IsRefusedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);
        var bytes = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);

        var body = new JsonObject { ["proxy"] = new JsonObject { ["browser"] = new string('x', 2 * 1024 * 1024) } };
        using var response = await admin.SendAsync(HttpMethod.Patch, "/v1/admin/config", body, ct);

        await ProblemAssert.ProblemBodyAsync(response, HttpStatusCode.RequestEntityTooLarge, ct);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
    }

    private static async Task<string?> BrowserAsync(AdminClient admin, CancellationToken ct) =>
        (await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct)).GetProperty("proxy").GetProperty("browser").GetString();

    private static async Task<HttpResponseMessage> ModelsAsync(HttpClient client, string apiKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var response = await client.SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }

    private static void AssertNoSecretIn(AdminClient admin, params string[] secrets)
    {
        foreach (var body in admin.Bodies)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }
        }
    }
}
