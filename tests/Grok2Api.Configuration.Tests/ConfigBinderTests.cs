using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigBinderTests
{
    public static TheoryData<string, string> InvalidValues => new()
    {
        // types
        { "[chat]\nconcurrent = \"abc\"", "chat.concurrent: expected an integer, got \"abc\"" },
        { "[chat]\nconcurrent = 2.5", "chat.concurrent: expected an integer, got 2.5" },
        { "[chat]\nconcurrent = true", "chat.concurrent: expected an integer, got true" },
        { "[chat]\nconcurrent = 99999999999", "chat.concurrent: expected an integer, got 99999999999" },
        { "[chat]\ntimeout = \"soon\"", "chat.timeout: expected a number, got \"soon\"" },
        { "[chat]\ntimeout = [1]", "chat.timeout: expected a number, got [1]" },
        { "[app]\nstream = \"yes\"", "app.stream: expected true or false, got \"yes\"" },
        { "[app]\nstream = 1", "app.stream: expected true or false, got 1" },
        { "[app]\napp_url = false", "app.app_url: expected a string, got false" },
        { "[app]\nfilter_tags = \"grok:render\"", "app.filter_tags: expected a list of strings, got \"grok:render\"" },
        { "[app]\nfilter_tags = [\"a\", 1.5, {}]", "app.filter_tags[2]: expected a string, got {}" },
        { "[retry]\nretry_status_codes = [401, \"x\"]", "retry.retry_status_codes[1]: expected an integer, got \"x\"" },
        { "app = 5", "app: expected a table of keys, got 5" },
        // ranges
        { "[chat]\ntimeout = -1", "chat.timeout: must be between 0.001 and 86400, got -1" },
        { "[chat]\nconcurrent = 0", "chat.concurrent: must be between 1 and 100000, got 0" },
        { "[retry]\nmax_retry = 101", "retry.max_retry: must be between 1 and 100, got 101" },
        { "[retry]\nretry_status_codes = [401, 42]", "retry.retry_status_codes: entries must be between 100 and 599, got 42" },
        { "[token]\nfail_threshold = \"0\"", "token.fail_threshold: must be between 1 and 1000, got 0" },
        { "[cache]\nlimit_mb = 0", "cache.limit_mb: must be between 1 and 10000000, got 0" },
        // enums
        { "[app]\nimage_format = \"png\"", "app.image_format: must be one of \"url\", \"base64\", \"b64_json\", \"markdown\", got \"png\"" },
        { "[app]\nvideo_format = \"URL\"", "app.video_format: must be one of \"html\", \"url\", \"markdown\", got \"URL\"" },
        { "[app]\nreasoning_format = \"inline\"", "app.reasoning_format: must be one of \"reasoning_content\", \"think_tags\", got \"inline\"" },
        // strings and URLs
        { "[app]\napp_key = \"\"", "app.app_key: must not be empty, got \"\"" },
        { "[app]\napp_url = \"127.0.0.1:8000\"", "app.app_url: must be empty or an absolute http or https URL with a host, got \"127.0.0.1:8000\"" },
        { "[app]\napp_url = \"ftp://files.example.com\"", "app.app_url: must be empty or an absolute http or https URL with a host, got \"ftp://files.example.com\"" },
        { "[upstream]\nbase_url = \"\"", "upstream.base_url: must be an absolute http or https URL with a host, got \"\"" },
        { "[upstream]\nlivekit_url = \"tcp://livekit\"", "upstream.livekit_url: must be an absolute ws, wss, http or https URL with a host, got \"tcp://livekit\"" },
        { "[proxy]\nbase_proxy_url = \"socks6://host:1\"", "proxy.base_proxy_url: must be empty or an absolute http, https, socks4, socks4a, socks5 or socks5h URL with a host, got \"socks6://host:1\"" },
        { "[proxy]\nuser_agent = \"Mozilla\\r\\nX-Injected: 1\"", "proxy.user_agent: must hold printable ASCII characters only: no line breaks, control characters, non-breaking spaces, typographic quotes or other non-ASCII characters (it is sent in an HTTP header), got \"Mozilla\\r\\nX-Injected: 1\"" },
        { "[app]\ntrusted_proxies = [\"10.0.0.0/8\", \"proxy.example.com\"]", "app.trusted_proxies: entries must be IP addresses or CIDR ranges (10.0.0.0/8), got \"proxy.example.com\"" },
        { "[app]\ntrusted_proxies = [\"10.0.0.0/33\"]", "app.trusted_proxies: entries must be IP addresses or CIDR ranges (10.0.0.0/8), got \"10.0.0.0/33\"" },
        { "[app]\nallowed_hosts = [\"admin.example.com\", \"https://admin.example.com\"]", "app.allowed_hosts: entries must be host names or IP addresses, without scheme, port or path, got \"https://admin.example.com\"" },
        { "[app]\nallowed_hosts = [\"admin.example.com:8000\"]", "app.allowed_hosts: entries must be host names or IP addresses, without scheme, port or path, got \"admin.example.com:8000\"" },
        // tables of model limits
        { "[chat.model_concurrency]\n\"grok-4-heavy\" = 0", "chat.model_concurrency: entries must be between 1 and 100000, got 0" },
        { "[chat.model_concurrency]\n\"grok-4\" = \"two\"", "chat.model_concurrency.grok-4: expected an integer, got \"two\"" },
        { "[chat]\nmodel_concurrency = [2]", "chat.model_concurrency: expected a table of names to integers, got [2]" },
        // values TOML can parse but a config cannot hold
        { "[chat]\ntimeout = nan", "chat.timeout: must be a finite number, got nan" },
        { "[x]\ny = -inf", "x.y: must be a finite number, got -inf" },
    };

    /// <summary>
    /// What .NET cannot send in a header (a pasted non-breaking space, typographic quotes, an accent) is
    /// refused when the config is read or patched, naming the key, rather than accepted and then failing
    /// every call to grok.com; a secret's value is not echoed.
    /// </summary>
    [Theory]
    [InlineData("user_agent", "Mozilla/5.0\u00a0(X11; Linux x86_64)", false)]
    [InlineData("user_agent", "Mozilla/5.0 \u201cChrome\u201d", false)]
    [InlineData("cf_clearance", "abcdefghij\u00e9klmnop-secret", true)]
    [InlineData("statsig_id", "Qz9Wk7Lm3\u2019Np5Rt8-secret", true)]
    public void Bind_HeaderValueWithNonAsciiCharacter_IsRefusedNamingTheKey(string key, string value, bool secret)
    {
        var result = ConfigBinder.Bind(TomlConfigReader.Parse($"[proxy]\n{key} = \"{value}\"", "config.toml"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"proxy.{key}: must hold printable ASCII characters only", error, StringComparison.Ordinal);
        // The middle of the value, where a masked secret shows nothing; a plain value is shown (JSON-escaped).
        var middle = value[3..^3].Replace("\u00a0", "", StringComparison.Ordinal)[..5];
        Assert.Equal(!secret, error.Contains(middle, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Bind_InvalidValue_ReportsSectionKeyValueAndReason(string toml, string expected)
    {
        var result = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Null(result.Config);
        Assert.Contains(expected, result.Errors);
    }

    [Fact]
    public void Bind_SeveralProblems_ReportsAllOfThem()
    {
        const string toml = """
            [app]
            image_format = "png"
            stream = "maybe"
            [chat]
            timeout = -1
            concurrent = "abc"
            [retry]
            retry_status_codes = [1000]
            """;

        var result = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Null(result.Config);
        Assert.Equal(
            ["app.image_format", "app.stream", "chat.concurrent", "chat.timeout", "retry.retry_status_codes"],
            result.Errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).Order());
    }

    [Fact]
    public void Bind_LenientSpellings_AreAccepted()
    {
        const string toml = """
            [chat]
            concurrent = "12"
            timeout = "45.5"
            stream_timeout = 30
            [video]
            concurrent = 8.0
            [app]
            stream = "TRUE"
            thinking = " false "
            filter_tags = '["a", "b"]'
            api_key = 12345
            [retry]
            retry_status_codes = "[500, 502.0]"
            """;

        var result = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal(12, config.Chat.Concurrent);
        Assert.Equal(45.5, config.Chat.Timeout);
        Assert.Equal(30.0, config.Chat.StreamTimeout);
        Assert.Equal(8, config.Video.Concurrent);
        Assert.True(config.App.Stream);
        Assert.False(config.App.Thinking);
        Assert.Equal(["a", "b"], config.App.FilterTags);
        Assert.Equal("12345", config.App.ApiKey);
        Assert.Equal([500, 502], config.Retry.RetryStatusCodes);
    }

    [Fact]
    public void Bind_ModelConcurrencyTable_BindsQuotedModelIds()
    {
        const string toml = """
            [chat]
            concurrent = 20
            [chat.model_concurrency]
            "grok-4-heavy" = 2
            "grok-4.1-expert" = "3"
            """;

        var result = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.Config!.Chat.Concurrent);
        Assert.Equal(new Dictionary<string, int> { ["grok-4-heavy"] = 2, ["grok-4.1-expert"] = 3 }, result.Config.Chat.ModelConcurrency);

        // It survives a render and a parse unchanged.
        var written = TomlConfigWriter.Write(TomlConfigReader.Parse(toml, "config.toml"), ConfigDefaults.FileOptions);
        var again = ConfigBinder.Bind(TomlConfigReader.Parse(written, "config.toml"));
        Assert.Equal(result.Config.Chat.ModelConcurrency, again.Config!.Chat.ModelConcurrency);
    }

    [Fact]
    public void Bind_EmptyOptionalUrls_AreAccepted()
    {
        var result = ConfigBinder.Bind(TomlConfigReader.Parse(
            "[app]\napp_url = \"\"\n[proxy]\nbase_proxy_url = \"socks5h://user:pw@proxy.local:1080\"\nasset_proxy_url = \"\"",
            "config.toml"));

        Assert.Empty(result.Errors);
        Assert.Equal("", result.Config!.App.AppUrl);
    }

    [Fact]
    public void Bind_UnknownKeysAndSections_AreWarningsAndStayInTheTree()
    {
        const string toml = """
            top = 1
            [chat]
            timeuot = 5
            [chat.experimental_limits]
            "grok-4.1-fast" = 3
            [register]
            worker = "w"
            """;

        var result = ConfigBinder.Bind(TomlConfigReader.Parse(toml, "config.toml"));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Config);
        Assert.Contains("top: unknown key, kept but not used", result.Warnings);
        Assert.Contains("chat.timeuot: unknown key, kept but not used", result.Warnings);
        Assert.Contains("chat.experimental_limits: unknown key, kept but not used", result.Warnings);
        Assert.Contains("[register]: unknown section, kept but not used", result.Warnings);
        Assert.Equal("w", result.Effective["register"]!["worker"]!.GetValue<string>());
        Assert.Equal(3L, ConfigTree.ReadScalar(result.Effective["chat"]!["experimental_limits"]!["grok-4.1-fast"]!.AsValue()));
    }

    [Fact]
    public void Bind_SecretInError_IsMasked()
    {
        var result = ConfigBinder.Bind(TomlConfigReader.Parse(
            "[proxy]\nbase_proxy_url = \"ftp://admin:hunter2-long-password@proxy:21\"\ncf_clearance = \"abcdef0123456789\\n\"",
            "config.toml"));

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.DoesNotContain("hunter2", e, StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.DoesNotContain("abcdef0123456789", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_UnpairedSurrogate_IsAnError()
    {
        var stored = new JsonObject { ["app"] = new JsonObject { ["api_key"] = "bad\uD800" } };

        var result = ConfigBinder.Bind(stored);

        Assert.Contains("app.api_key: contains an unpaired UTF-16 surrogate, which cannot be stored", result.Errors);
    }

    [Fact]
    public void Bind_NullInsideList_IsAnError()
    {
        var stored = new JsonObject { ["app"] = new JsonObject { ["filter_tags"] = new JsonArray("a", null) } };

        var result = ConfigBinder.Bind(stored);

        Assert.Contains("app.filter_tags[1]: null is not allowed in a list", result.Errors);
    }
}
