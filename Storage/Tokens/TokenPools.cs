namespace Grok2Api.Storage.Tokens;

/// <summary>Names of the account pools, as they appear in <c>token.json</c>.</summary>
public static class TokenPools
{
    /// <summary>Basic accounts: serve basic-tier models.</summary>
    public const string Basic = "ssoBasic";

    /// <summary>Super accounts: serve super-tier models, and basic-tier models as a fallback.</summary>
    public const string Super = "ssoSuper";

    /// <summary>Both pools, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } = [Basic, Super];

    /// <summary>Whether <paramref name="pool"/> names a known pool (case-sensitive, as stored).</summary>
    public static bool IsKnown(string? pool) => pool is Basic or Super;
}
