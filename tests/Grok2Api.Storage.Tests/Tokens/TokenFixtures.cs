namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>The token.json fixtures copied next to the test assembly.</summary>
internal static class TokenFixtures
{
    /// <summary>A messy file in the original's format: records, bare strings, sso= prefixes, floats, unknown fields and pools, duplicates, blanks.</summary>
    public static string Original => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokens", "token.original.json");

    /// <summary>A file exactly as the original writes it (two-space indent, raw UTF-8); a load and save must reproduce it byte for byte.</summary>
    public static string Canonical => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokens", "token.canonical.json");

    /// <summary>A fixed "now" for reads, in ms since the epoch.</summary>
    public const long Now = 1_750_000_000_000;
}
