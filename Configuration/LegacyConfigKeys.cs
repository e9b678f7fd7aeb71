namespace Grok2Api.Configuration;

/// <summary>
/// The keys of the original project's older layouts and where each one went: the v1 layout
/// (<c>[grok]</c> plus <c>[performance]</c>), the intermediate layout (<c>[network]</c>,
/// <c>[security]</c>, <c>[timeout]</c>, keys of <c>[chat]</c> and <c>[image]</c> that moved), and a
/// later rename (<c>app.app_password</c>).
/// </summary>
/// <remarks>
/// Order matters: a value is only copied to a new key that is not set yet, so the more specific
/// and the more recent sources come first (<c>video_idle_timeout</c> before
/// <c>stream_idle_timeout</c>, the intermediate layout before <c>[grok]</c>).
/// </remarks>
internal static class LegacyConfigKeys
{
    /// <summary>Sections that only exist in old layouts; they are removed once empty.</summary>
    public static IReadOnlyList<string> LegacySections { get; } = ["grok", "network", "security", "timeout", "performance"];

    /// <summary>Old key to new keys, in priority order.</summary>
    public static IReadOnlyList<(string Old, string[] New)> Moves { get; } =
    [
        ("app.app_password", ["app.app_key"]),

        ("chat.temporary", ["app.temporary"]),
        ("chat.disable_memory", ["app.disable_memory"]),
        ("chat.stream", ["app.stream"]),
        ("chat.thinking", ["app.thinking"]),
        ("chat.dynamic_statsig", ["app.dynamic_statsig"]),
        ("chat.filter_tags", ["app.filter_tags"]),

        ("image.image_ws_nsfw", ["image.nsfw"]),
        ("image.image_ws_blocked_seconds", ["image.final_timeout"]),
        ("image.image_ws_final_min_bytes", ["image.final_min_bytes"]),
        ("image.image_ws_medium_min_bytes", ["image.medium_min_bytes"]),

        ("network.base_proxy_url", ["proxy.base_proxy_url"]),
        ("network.asset_proxy_url", ["proxy.asset_proxy_url"]),
        ("network.timeout", ["chat.timeout", "image.timeout", "video.timeout", "voice.timeout"]),

        ("security.cf_clearance", ["proxy.cf_clearance"]),
        ("security.browser", ["proxy.browser"]),
        ("security.user_agent", ["proxy.user_agent"]),

        ("timeout.video_idle_timeout", ["video.stream_timeout"]),
        ("timeout.stream_idle_timeout", ["chat.stream_timeout", "image.stream_timeout", "video.stream_timeout"]),

        ("performance.assets_max_concurrent", ["asset.upload_concurrent", "asset.download_concurrent", "asset.list_concurrent", "asset.delete_concurrent"]),
        ("performance.assets_delete_batch_size", ["asset.delete_batch_size"]),
        ("performance.assets_batch_size", ["asset.list_batch_size"]),
        ("performance.media_max_concurrent", ["chat.concurrent", "video.concurrent"]),
        ("performance.usage_max_concurrent", ["usage.concurrent"]),
        ("performance.usage_batch_size", ["usage.batch_size"]),
        ("performance.nsfw_max_concurrent", ["nsfw.concurrent"]),
        ("performance.nsfw_batch_size", ["nsfw.batch_size"]),

        ("grok.temporary", ["app.temporary"]),
        ("grok.disable_memory", ["app.disable_memory"]),
        ("grok.stream", ["app.stream"]),
        ("grok.thinking", ["app.thinking"]),
        ("grok.dynamic_statsig", ["app.dynamic_statsig"]),
        ("grok.filter_tags", ["app.filter_tags"]),
        ("grok.timeout", ["chat.timeout", "image.timeout", "video.timeout", "voice.timeout"]),
        ("grok.base_proxy_url", ["proxy.base_proxy_url"]),
        ("grok.asset_proxy_url", ["proxy.asset_proxy_url"]),
        ("grok.cf_clearance", ["proxy.cf_clearance"]),
        ("grok.browser", ["proxy.browser"]),
        ("grok.user_agent", ["proxy.user_agent"]),
        ("grok.max_retry", ["retry.max_retry"]),
        ("grok.retry_status_codes", ["retry.retry_status_codes"]),
        ("grok.retry_backoff_base", ["retry.retry_backoff_base"]),
        ("grok.retry_backoff_factor", ["retry.retry_backoff_factor"]),
        ("grok.retry_backoff_max", ["retry.retry_backoff_max"]),
        ("grok.retry_budget", ["retry.retry_budget"]),
        ("grok.video_idle_timeout", ["video.stream_timeout"]),
        ("grok.stream_idle_timeout", ["chat.stream_timeout", "image.stream_timeout", "video.stream_timeout"]),
        ("grok.image_ws_nsfw", ["image.nsfw"]),
        ("grok.image_ws_blocked_seconds", ["image.final_timeout"]),
        ("grok.image_ws_final_min_bytes", ["image.final_min_bytes"]),
        ("grok.image_ws_medium_min_bytes", ["image.medium_min_bytes"]),
    ];

    /// <summary>Old keys that have no counterpart, with the reason given in the migration note.</summary>
    public static IReadOnlyList<(string Old, string Reason)> Dropped { get; } =
    [
        ("grok.image_ws", "image generation always uses the Imagine WebSocket now"),
        ("image.image_ws", "image generation always uses the Imagine WebSocket now"),
        ("performance.assets_max_tokens", "batch tasks process every selected token; there is no per-task cap"),
        ("performance.usage_max_tokens", "batch tasks process every selected token; there is no per-task cap"),
        ("performance.nsfw_max_tokens", "batch tasks process every selected token; there is no per-task cap"),
    ];
}
