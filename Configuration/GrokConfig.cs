namespace Grok2Api.Configuration;

/// <summary>
/// The typed, validated snapshot of <c>config.toml</c>: one property per section, one property per
/// key. Property names map to the TOML keys in snake_case (<c>AppUrl</c> is <c>app.app_url</c>).
/// </summary>
/// <remarks>
/// Instances are immutable snapshots; a config change produces a new instance. Readers that must
/// see live changes take the options of the section they read (<c>IOptionsMonitor&lt;ChatSection&gt;</c>
/// and so on) and read <c>CurrentValue</c> per use instead of caching a section; code that needs the
/// whole tree takes <c>IOptionsMonitor&lt;GrokConfig&gt;</c>. The defaults are those of the original
/// project's documentation table, plus those of the keys this gateway added.
/// </remarks>
public sealed record GrokConfig
{
    /// <summary>The <c>[app]</c> section.</summary>
    public AppSection App { get; init; } = new();

    /// <summary>The <c>[proxy]</c> section.</summary>
    public ProxySection Proxy { get; init; } = new();

    /// <summary>The <c>[voice]</c> section.</summary>
    public VoiceSection Voice { get; init; } = new();

    /// <summary>The <c>[chat]</c> section.</summary>
    public ChatSection Chat { get; init; } = new();

    /// <summary>The <c>[video]</c> section.</summary>
    public VideoSection Video { get; init; } = new();

    /// <summary>The <c>[retry]</c> section.</summary>
    public RetrySection Retry { get; init; } = new();

    /// <summary>The <c>[image]</c> section.</summary>
    public ImageSection Image { get; init; } = new();

    /// <summary>The <c>[token]</c> section.</summary>
    public TokenSection Token { get; init; } = new();

    /// <summary>The <c>[cache]</c> section.</summary>
    public CacheSection Cache { get; init; } = new();

    /// <summary>The <c>[asset]</c> section.</summary>
    public AssetSection Asset { get; init; } = new();

    /// <summary>The <c>[nsfw]</c> section.</summary>
    public NsfwSection Nsfw { get; init; } = new();

    /// <summary>The <c>[usage]</c> section.</summary>
    public UsageSection Usage { get; init; } = new();

    /// <summary>The <c>[upstream]</c> section: where the Grok web app lives.</summary>
    public UpstreamSection Upstream { get; init; } = new();

    /// <summary>The <c>[responses]</c> section: the OpenAI Responses API.</summary>
    public ResponsesSection Responses { get; init; } = new();

    /// <summary>The <c>[public]</c> section: the public playground's session guard.</summary>
    public PublicSection Public { get; init; } = new();

    /// <summary>
    /// The <c>[model_alias]</c> section: client model names mapped to catalogue model ids. A map
    /// section: its keys are the operator's, not fixed names.
    /// </summary>
    public ModelAliasSection ModelAlias { get; init; } = new();
}
