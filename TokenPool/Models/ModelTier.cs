namespace Grok2Api.TokenPool.Models;

/// <summary>Which accounts may serve a model.</summary>
public enum ModelTier
{
    /// <summary>ssoBasic accounts, falling back to ssoSuper.</summary>
    Basic,

    /// <summary>ssoSuper accounts only.</summary>
    Super,
}
