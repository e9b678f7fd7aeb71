namespace Grok2Api.TokenPool.Selection;

/// <summary>Which pools may serve a request.</summary>
public enum PoolTier
{
    /// <summary>ssoBasic tokens, falling back to ssoSuper.</summary>
    Basic,

    /// <summary>ssoSuper tokens only.</summary>
    Super,
}
