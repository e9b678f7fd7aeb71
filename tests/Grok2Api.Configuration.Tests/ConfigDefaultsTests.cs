using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigDefaultsTests
{
    // The configuration table of the original project's documentation, with the changes of
    // docs/compatibility.md §4.2–4.3 (app.stream false, app.reasoning_format, proxy.statsig_id,
    // [upstream]) and the two keys the original code has beyond its table (app.public_enabled,
    // app.public_key).
    public static TheoryData<string, string> DocumentedDefaults => new()
    {
        { "app.app_url", "\"http://127.0.0.1:8000\"" },
        { "app.app_key", "\"grok2api\"" },
        { "app.api_key", "\"\"" },
        { "app.public_enabled", "false" },
        { "app.public_key", "\"\"" },
        { "app.image_format", "\"url\"" },
        { "app.video_format", "\"html\"" },
        { "app.temporary", "true" },
        { "app.disable_memory", "true" },
        { "app.stream", "false" },
        { "app.thinking", "true" },
        { "app.dynamic_statsig", "true" },
        { "app.filter_tags", "[\"xaiartifact\", \"xai:tool_usage_card\", \"grok:render\"]" },
        { "app.reasoning_format", "\"reasoning_content\"" },
        { "app.allowed_hosts", "[]" },
        { "app.trusted_proxies", "[]" },
        { "proxy.base_proxy_url", "\"\"" },
        { "proxy.asset_proxy_url", "\"\"" },
        { "proxy.cf_clearance", "\"\"" },
        { "proxy.browser", "\"chrome136\"" },
        { "proxy.statsig_id", "\"\"" },
        { "voice.timeout", "120.0" },
        { "chat.concurrent", "10" },
        { "chat.timeout", "60.0" },
        { "chat.stream_timeout", "60.0" },
        { "chat.queue_timeout", "10.0" },
        { "chat.max_body_mb", "50" },
        { "chat.max_attachments", "10" },
        { "chat.max_inflight_mb", "256" },
        { "chat.model_concurrency", "{}" },
        { "video.concurrent", "10" },
        { "video.timeout", "60.0" },
        { "video.stream_timeout", "60.0" },
        { "video.job_retention", "3600.0" },
        { "retry.max_retry", "3" },
        { "retry.retry_status_codes", "[401, 429, 403]" },
        { "retry.retry_backoff_base", "0.5" },
        { "retry.retry_backoff_factor", "2.0" },
        { "retry.retry_backoff_max", "30.0" },
        { "retry.retry_budget", "90.0" },
        { "image.timeout", "120.0" },
        { "image.stream_timeout", "120.0" },
        { "image.final_timeout", "15.0" },
        { "image.nsfw", "true" },
        { "image.medium_min_bytes", "30000" },
        { "image.final_min_bytes", "100000" },
        { "token.auto_refresh", "true" },
        { "token.refresh_interval_hours", "8.0" },
        { "token.super_refresh_interval_hours", "2.0" },
        { "token.fail_threshold", "5" },
        { "token.save_delay_ms", "500" },
        { "token.reload_interval_sec", "30" },
        { "cache.enable_auto_clean", "true" },
        { "cache.limit_mb", "1024" },
        { "asset.upload_concurrent", "30" },
        { "asset.upload_timeout", "60.0" },
        { "asset.download_concurrent", "30" },
        { "asset.download_timeout", "60.0" },
        { "asset.list_concurrent", "10" },
        { "asset.list_timeout", "60.0" },
        { "asset.list_batch_size", "10" },
        { "asset.delete_concurrent", "10" },
        { "asset.delete_timeout", "60.0" },
        { "asset.delete_batch_size", "10" },
        { "asset.fetch_timeout", "30.0" },
        { "asset.fetch_max_mb", "20" },
        { "asset.fetch_max_redirects", "5" },
        { "asset.fetch_allow", "[]" },
        { "nsfw.concurrent", "10" },
        { "nsfw.batch_size", "50" },
        { "nsfw.timeout", "60.0" },
        { "usage.concurrent", "10" },
        { "usage.batch_size", "50" },
        { "usage.timeout", "60.0" },
        { "upstream.base_url", "\"https://grok.com\"" },
        { "upstream.assets_url", "\"https://assets.grok.com\"" },
        { "upstream.accounts_url", "\"https://accounts.x.ai\"" },
        { "upstream.livekit_url", "\"wss://livekit.grok.com\"" },
        { "responses.retention_days", "30" },
        { "public.max_sessions", "4" },
        { "public.max_sessions_per_client", "2" },
        { "public.session_ttl", "600.0" },
    };

    [Theory]
    [MemberData(nameof(DocumentedDefaults))]
    public void Tree_Key_HasDocumentedDefault(string path, string expectedToml)
    {
        var value = ConfigTree.Get(ConfigDefaults.Tree(), path.Split('.'));

        Assert.NotNull(value);
        Assert.Equal(expectedToml, TomlText.Inline(value));
    }

    [Fact]
    public void Tree_EveryKey_IsInTheDocumentedTable()
    {
        var documented = DocumentedDefaults.Select(row => row.Data.Item1).Append("proxy.user_agent").ToHashSet();

        var keys = ConfigDefaults.Tree().SelectMany(s => ((JsonObject)s.Value!).Select(k => $"{s.Key}.{k.Key}")).ToList();

        Assert.Equal(documented.Order(), keys.Order());
    }

    [Fact]
    public void Tree_Sections_FollowGrokConfigOrder()
    {
        var sections = ConfigDefaults.Tree().Select(s => s.Key).ToList();

        Assert.Equal(
            ["app", "proxy", "voice", "chat", "video", "retry", "image", "token", "cache", "asset", "nsfw", "usage", "upstream", "responses", "public", "model_alias"],
            sections);
    }

    [Fact]
    public void Tree_UserAgent_IsAChrome136MacString()
    {
        var userAgent = ConfigDefaults.Tree()["proxy"]!["user_agent"]!.GetValue<string>();

        Assert.StartsWith("Mozilla/5.0 (Macintosh;", userAgent, StringComparison.Ordinal);
        Assert.Contains("Chrome/136", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DefaultTree_GivesNewGrokConfig()
    {
        var result = ConfigBinder.Bind(ConfigDefaults.Tree());

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var config = Assert.IsType<GrokConfig>(result.Config);
        var expected = new GrokConfig();
        Assert.Equal(expected.App with { FilterTags = config.App.FilterTags }, config.App);
        Assert.Equal(expected.App.FilterTags, config.App.FilterTags);
        Assert.Equal(expected.Retry.RetryStatusCodes, config.Retry.RetryStatusCodes);
        Assert.Equal(expected.Chat, config.Chat);
        Assert.Equal(expected.Upstream, config.Upstream);
    }
}
