namespace Grok2Api.Transforms.Grok;

/// <summary>The configured upstream hosts (<c>[upstream]</c> in config.toml).</summary>
public enum GrokHost
{
    /// <summary><c>upstream.base_url</c>, default <c>https://grok.com</c>.</summary>
    Base,

    /// <summary><c>upstream.assets_url</c>, default <c>https://assets.grok.com</c>.</summary>
    Assets,

    /// <summary><c>upstream.accounts_url</c>, default <c>https://accounts.x.ai</c>.</summary>
    Accounts,
}
