using System.Globalization;

namespace Grok2Api.Storage.KillHarness;

/// <summary>The config values the harness writes; the kill test parses the round back out of config.toml.</summary>
public static class ConfigChurnValues
{
    /// <summary>The value of <c>app.public_key</c> in round <paramref name="round"/>: a backslash, quotes, a newline and non-ASCII text.</summary>
    public static string ValueFor(long round) =>
        string.Create(CultureInfo.InvariantCulture, $"kill\\test \"quoted\"\nünïcode ✓ #{round}");

    /// <summary>The round of a value written by <see cref="ValueFor"/>; 0 for anything else.</summary>
    public static long RoundOf(string value)
    {
        var at = value.LastIndexOf('#');
        return at >= 0 && long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var round) ? round : 0;
    }
}
