namespace Grok2Api.Transforms.Grok.Models;

/// <summary>Which accounts may serve a model: the caller turns it into the token pool's tier.</summary>
public enum ModelTier
{
    /// <summary>ssoBasic accounts, falling back to ssoSuper.</summary>
    Basic,

    /// <summary>ssoSuper accounts only.</summary>
    Super,
}
