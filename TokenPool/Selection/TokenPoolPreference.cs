namespace Grok2Api.TokenPool.Selection;

/// <summary>Which pool a basic-tier request tries first.</summary>
public enum TokenPoolPreference
{
    /// <summary>ssoBasic first, ssoSuper only when no ssoBasic token is eligible.</summary>
    Default,

    /// <summary>ssoSuper first, then ssoBasic (HD or long videos). Super-tier requests use ssoSuper only either way.</summary>
    PreferSuper,
}
