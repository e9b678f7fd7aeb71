using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// What the admin app's config page is built on: <c>GET /v1/admin/config/schema</c> (every section and
/// key with kind, default, limits and description) and <c>POST /v1/admin/config/reveal</c> (one secret in
/// clear, only for keys the schema marks secret), end to end over a fresh DATA_DIR per test.
/// </summary>
public sealed class AdminConfigSchemaTests
{
    private const string AppKey = "admin-key-schema-0123456789";
    private const string ApiKey = "sk-schema-secret-abcdef";
    private const string PublicKey = "line one\nsays \"quoted\" \\ 中文 ☃ public-key-value";

    private static readonly string StartingConfig = $$"""
        [app]
        app_key = "{{AppKey}}"
        api_key = "{{ApiKey}}"

        [chat]
        max_body_mb = 20

        """;

    [Fact]
    public async Task Schema_DescribesEveryKeyOfTheEffectiveConfig_WithKindDefaultLimitsAndDescription()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);

        var schema = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config/schema", null, ct);
        var config = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct);

        var sections = schema.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal("app", sections[0].GetProperty("section").GetString());

        // The same sections and keys as the effective config, each with a description.
        var described = sections.ToDictionary(
            s => s.GetProperty("section").GetString()!,
            s => s.GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("key").GetString()!, k => k));
        foreach (var section in config.EnumerateObject())
        {
            Assert.True(described.ContainsKey(section.Name), $"section {section.Name} is described");
            foreach (var key in section.Value.EnumerateObject())
            {
                Assert.True(described[section.Name].TryGetValue(key.Name, out var info), $"{section.Name}.{key.Name} is described");
                Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()), $"{section.Name}.{key.Name} has a description");
            }
        }

        Assert.All(sections, s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("description").GetString())));
        Assert.Equal(config.EnumerateObject().Count(), sections.Count);

        // Kinds, defaults and limits come from the section records, not from the stored file.
        var maxBody = described["chat"]["max_body_mb"];
        Assert.Equal("int", maxBody.GetProperty("kind").GetString());
        Assert.Equal(50, maxBody.GetProperty("default").GetInt32());
        Assert.Equal(1, maxBody.GetProperty("min").GetDouble());
        Assert.Equal(2048, maxBody.GetProperty("max").GetDouble());

        var timeout = described["chat"]["timeout"];
        Assert.Equal("number", timeout.GetProperty("kind").GetString());
        Assert.Equal(60, timeout.GetProperty("default").GetDouble());

        var stream = described["app"]["stream"];
        Assert.Equal("bool", stream.GetProperty("kind").GetString());
        Assert.False(stream.GetProperty("default").GetBoolean());

        var imageFormat = described["app"]["image_format"];
        Assert.Equal("enum", imageFormat.GetProperty("kind").GetString());
        Assert.Equal(["url", "base64", "b64_json", "markdown"], imageFormat.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("url", imageFormat.GetProperty("default").GetString());

        var codes = described["retry"]["retry_status_codes"];
        Assert.Equal("list", codes.GetProperty("kind").GetString());
        Assert.Equal("int", codes.GetProperty("item").GetString());
        Assert.Equal(100, codes.GetProperty("min").GetDouble());
        Assert.Equal(599, codes.GetProperty("max").GetDouble());
        Assert.Equal([401, 429, 403], codes.GetProperty("default").EnumerateArray().Select(v => v.GetInt32()));

        Assert.Equal("string", described["app"]["filter_tags"].GetProperty("item").GetString());
        Assert.Equal("table", described["chat"]["model_concurrency"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, described["chat"]["max_body_mb"].GetProperty("values").ValueKind);
        Assert.Contains("URL", described["app"]["app_url"].GetProperty("constraint").GetString(), StringComparison.Ordinal);
        Assert.True(described["app"]["app_key"].GetProperty("required").GetBoolean());

        // Exactly the masked keys are secrets.
        var secrets = sections
            .SelectMany(s => s.GetProperty("keys").EnumerateArray()
                .Where(k => k.GetProperty("kind").GetString() == "secret")
                .Select(k => $"{s.GetProperty("section").GetString()}.{k.GetProperty("key").GetString()}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["app.api_key", "app.app_key", "app.public_key", "proxy.cf_clearance", "proxy.statsig_id"], secrets);

        // The schema never carries a configured secret.
        Assert.DoesNotContain(AppKey, schema.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, schema.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_ASecret_AnswersItsValueInClear_AsLastSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        var gateway = await GatewayHost.StartAsync(data.Path, ct, "--LOG_FILE_ENABLED=true", "--LOG_LEVEL=DEBUG");
        try
        {
            var admin = new AdminClient(gateway.Client, AppKey);

            var apiKey = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/config/reveal", new JsonObject { ["key"] = "app.api_key" }, ct);
            Assert.Equal(ApiKey, apiKey.GetProperty("value").GetString());

            // An unset secret reveals as empty; a saved one, whatever its characters, exactly as saved.
            var unset = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/config/reveal", new JsonObject { ["key"] = "proxy.cf_clearance" }, ct);
            Assert.Equal("", unset.GetProperty("value").GetString());
            var patched = await admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", new JsonObject
            {
                ["app"] = new JsonObject { ["public_key"] = PublicKey },
            }, ct);
            Assert.NotEqual(PublicKey, patched.GetProperty("app").GetProperty("public_key").GetString());
            var publicKey = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/config/reveal", new JsonObject { ["key"] = "app.public_key" }, ct);
            Assert.Equal(PublicKey, publicKey.GetProperty("value").GetString());
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        var logs = DataDirectoryFiles.ReadLogs(data.Path);
        Assert.False(string.IsNullOrEmpty(logs), "the gateway wrote file logs");
        Assert.DoesNotContain(ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("public-key-value", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_AnUnknownOrNonSecretKey_Is400NamingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig + "\n[proxy]\nbase_proxy_url = \"http://user:proxy-pass@127.0.0.1:1\"\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client, AppKey);

        string[] bodies =
        [
            """{"key":"chat.max_body_mb"}""",
            """{"key":"app.app_url"}""",
            """{"key":"proxy.base_proxy_url"}""",
            """{"key":"app.no_such_key"}""",
            """{"key":"nosection.app_key"}""",
            """{"key":"app_key"}""",
            """{"key":"app."}""",
            """{"key":".app_key"}""",
            """{"key":""}""",
            """{"key":null}""",
            """{}""",
        ];
        foreach (var body in bodies)
        {
            using var response = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/config/reveal", body, ct);
            await ProblemAssert.ValidationAsync(response, "key", ct);
        }

        foreach (var body in new[] { "[1]", "\"app.app_key\"", "{", "null" })
        {
            using var response = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/config/reveal", body, ct);
            await ProblemAssert.ProblemBodyAsync(response, HttpStatusCode.BadRequest, ct);
        }

        foreach (var body in admin.Bodies)
        {
            Assert.DoesNotContain(ApiKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain("proxy-pass", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SchemaAndReveal_WithoutAuth_Are401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, StartingConfig);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using (var schema = await gateway.Client.GetAsync(new Uri("/v1/admin/config/schema", UriKind.Relative), ct))
        {
            await ProblemAssert.ProblemAsync(schema, HttpStatusCode.Unauthorized, ct);
        }

        foreach (var key in new[] { null, "wrong-key", ApiKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/admin/config/reveal", UriKind.Relative))
            {
                Content = new StringContent("""{"key":"app.api_key"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await gateway.Client.SendAsync(request, ct);
            var body = await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
            Assert.DoesNotContain(ApiKey, body.GetRawText(), StringComparison.Ordinal);
        }
    }
}
