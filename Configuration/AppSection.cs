using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

/// <summary>The <c>[app]</c> section: service-wide behaviour.</summary>
public sealed record AppSection
{
    /// <summary>The documented default of <see cref="AppKey"/>; while it is in force the admin API answers loopback clients only.</summary>
    public const string DefaultAppKey = "grok2api";

    /// <summary>External URL of this service, used to build <c>/v1/files</c> links: empty or an absolute http(s) URL. Default <c>http://127.0.0.1:8000</c>.</summary>
    [AbsoluteUrl("http", "https", AllowEmpty = true)]
    public string AppUrl { get; init; } = "http://127.0.0.1:8000";

    /// <summary>Admin password (bearer key of <c>/v1/admin</c>). Default <c>grok2api</c>. Must not be empty.</summary>
    [Required(AllowEmptyStrings = false)]
    public string AppKey { get; init; } = DefaultAppKey;

    /// <summary>API key of <c>/v1/*</c>; empty leaves the API open. Default empty.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>Serves the public playground API under <c>/v1/public</c> (docs/compatibility.md §7.3); off, every such path answers 404. Default <c>false</c>.</summary>
    public bool PublicEnabled { get; init; }

    /// <summary>The public playground's key (Bearer, the <c>grok2api_public</c> login cookie, or <c>?public_key=</c> on its streams); empty opens the playground to anyone. Default empty.</summary>
    public string PublicKey { get; init; } = "";

    /// <summary>Image output format: <c>url</c> or <c>base64</c> (<c>markdown</c> and <c>b64_json</c> accepted). Default <c>url</c>.</summary>
    [AllowedValues("url", "base64", "b64_json", "markdown")]
    public string ImageFormat { get; init; } = "url";

    /// <summary>Video output format: <c>html</c>, <c>url</c> or <c>markdown</c>. Default <c>html</c>.</summary>
    [AllowedValues("html", "url", "markdown")]
    public string VideoFormat { get; init; } = "html";

    /// <summary>Upstream temporary conversations. Default <c>true</c>.</summary>
    public bool Temporary { get; init; } = true;

    /// <summary>Disable Grok memory. Default <c>true</c>.</summary>
    public bool DisableMemory { get; init; } = true;

    /// <summary>Answer format when a request does not say; default <c>false</c> (OpenAI's default; the original used true).</summary>
    public bool Stream { get; init; }

    /// <summary>Show reasoning when a request does not say. Default <c>true</c>.</summary>
    public bool Thinking { get; init; } = true;

    /// <summary>Accepted for compatibility and ignored (a startup warning is logged): no anti-bot values are generated. Default <c>true</c>.</summary>
    public bool DynamicStatsig { get; init; } = true;

    /// <summary>Markup elements removed from answers. Default <c>["xaiartifact", "xai:tool_usage_card", "grok:render"]</c>.</summary>
    public IReadOnlyList<string> FilterTags { get; init; } = ["xaiartifact", "xai:tool_usage_card", "grok:render"];

    /// <summary>Where reasoning goes: <c>reasoning_content</c> (default) or <c>think_tags</c>.</summary>
    [AllowedValues("reasoning_content", "think_tags")]
    public string ReasoningFormat { get; init; } = "reasoning_content";

    /// <summary>
    /// Host names (or IP addresses) the admin API answers to besides the loopback names and the host
    /// of <see cref="AppUrl"/>; a request with any other <c>Host</c> is refused (DNS rebinding). Default none.
    /// </summary>
    [HostList]
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// IP addresses or CIDR ranges of reverse proxies whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Default none: forwarded headers are ignored.
    /// </summary>
    [NetworkList]
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Value equality, including the items of the lists (a record compares a list by reference).</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(AppSection? other) =>
        other is not null
        && AppUrl == other.AppUrl
        && AppKey == other.AppKey
        && ApiKey == other.ApiKey
        && PublicEnabled == other.PublicEnabled
        && PublicKey == other.PublicKey
        && ImageFormat == other.ImageFormat
        && VideoFormat == other.VideoFormat
        && Temporary == other.Temporary
        && DisableMemory == other.DisableMemory
        && Stream == other.Stream
        && Thinking == other.Thinking
        && DynamicStatsig == other.DynamicStatsig
        && SectionEquality.SameItems(FilterTags, other.FilterTags)
        && ReasoningFormat == other.ReasoningFormat
        && SectionEquality.SameItems(AllowedHosts, other.AllowedHosts)
        && SectionEquality.SameItems(TrustedProxies, other.TrustedProxies);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AppUrl, AppKey, ApiKey, ImageFormat, VideoFormat, ReasoningFormat, FilterTags.Count, TrustedProxies.Count);
}
