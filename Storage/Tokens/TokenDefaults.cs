namespace Grok2Api.Storage.Tokens;

/// <summary>Default values of a token record that depend on its pool (docs/compatibility.md §5.2).</summary>
public static class TokenDefaults
{
    /// <summary>The starting quota of an ssoBasic token: 80.</summary>
    public const int BasicQuota = 80;

    /// <summary>The starting quota of an ssoSuper token: 140.</summary>
    public const int SuperQuota = 140;

    /// <summary>The quota a token of <paramref name="pool"/> starts with: 140 for ssoSuper, 80 for ssoBasic and any other pool.</summary>
    /// <param name="pool">The pool name.</param>
    public static int QuotaFor(string? pool) => pool == TokenPools.Super ? SuperQuota : BasicQuota;
}
