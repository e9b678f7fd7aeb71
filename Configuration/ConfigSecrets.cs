using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// Which config values are secrets and how they are shown: keys, cookies and ids by name, plus the
/// credentials inside any URL. A masked value never contains the whole secret.
/// </summary>
internal static class ConfigSecrets
{
    private const string Hidden = "****";
    private const int ShortestPartlyShown = 8;

    private static readonly string[] SecretNameParts = ["password", "passwd", "secret", "token", "cookie", "clearance", "statsig", "credential"];

    /// <summary>Whether a key holds a secret: <c>app_key</c>, <c>api_key</c>, <c>public_key</c>, <c>cf_clearance</c>, <c>statsig_id</c> and look-alikes.</summary>
    public static bool IsSecretKey(string key) =>
        key.Equals("key", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("_key", StringComparison.OrdinalIgnoreCase)
        || SecretNameParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>A secret shown partly (<c>gr…pi</c>) or not at all (<c>****</c>); empty stays empty so "not set" remains visible.</summary>
    public static string Mask(string value) => value.Length switch
    {
        0 => "",
        < ShortestPartlyShown => Hidden,
        _ => string.Concat(value.AsSpan(0, 2), "…", value.AsSpan(value.Length - 2)),
    };

    /// <summary>The URL with its user-info (<c>user:password@</c>, with or without a scheme before it) replaced by <c>****@</c>; other text is returned unchanged.</summary>
    public static string MaskUrlCredentials(string value) => MaskAuthority(value, lostHost: false);

    /// <summary>
    /// A value of a URL key (<c>base_proxy_url</c> …) as it may be shown: its user-info masked as by
    /// <see cref="MaskUrlCredentials"/>, and also a password whose <c>@host</c> was lost.
    /// </summary>
    public static string MaskProxyUrl(string value) => MaskAuthority(value, lostHost: true);

    private static string MaskAuthority(string value, bool lostHost)
    {
        // Without a scheme the authority starts the text: "user:password@host:port" is masked too.
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var authorityEnd = value.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = value.Length;
        }

        if (authorityEnd <= authorityStart)
        {
            return value;
        }

        var at = value.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= 0)
        {
            return string.Concat(value.AsSpan(0, authorityStart), Hidden, value.AsSpan(at));
        }

        return lostHost ? MaskColonValue(value, authorityStart, authorityEnd) : value;
    }

    /// <summary>How a string that is not a secret may be shown: a URL key's value with the stricter masking.</summary>
    private static string MaskText(string key, string text) =>
        key.Contains("url", StringComparison.OrdinalIgnoreCase) || key.Contains("proxy", StringComparison.OrdinalIgnoreCase)
            ? MaskProxyUrl(text)
            : MaskUrlCredentials(text);

    /// <summary>
    /// An authority without <c>@</c>: <c>host:port</c> keeps its port of digits, but anything else after a
    /// colon may be a password whose <c>@host</c> was lost (<c>user:password</c>, <c>user:password:8080</c>),
    /// so it is masked up to the end of the authority. An IPv6 host in brackets keeps its colons.
    /// </summary>
    private static string MaskColonValue(string value, int authorityStart, int authorityEnd)
    {
        var hostEnd = authorityStart;
        if (value[authorityStart] == '[')
        {
            hostEnd = value.IndexOf(']', authorityStart, authorityEnd - authorityStart);
            if (hostEnd < 0)
            {
                hostEnd = authorityStart;
            }
        }

        var colon = value.IndexOf(':', hostEnd, authorityEnd - hostEnd);
        if (colon < 0)
        {
            return value;
        }

        var after = value.AsSpan(colon + 1, authorityEnd - colon - 1);
        return after.IsEmpty || !after.ContainsAnyExceptInRange('0', '9')
            ? value
            : string.Concat(value.AsSpan(0, colon + 1), Hidden, value.AsSpan(authorityEnd));
    }

    /// <summary>How a string value at <paramref name="key"/> may be shown.</summary>
    public static string Show(string key, string value) =>
        IsSecretKey(key) ? Mask(value) : MaskText(key, value);

    /// <summary>
    /// How a value at <paramref name="key"/> is shown in a message, whatever its type: a secret string is
    /// masked, a secret of any other type (list, table, number, boolean) is named by its type only, and
    /// inside tables and lists every secret is treated the same way.
    /// </summary>
    public static string Describe(string key, JsonNode? value)
    {
        if (IsSecretKey(key))
        {
            return value switch
            {
                null => "null",
                JsonValue scalar when ConfigTree.ReadScalar(scalar) is string text => ConfigTree.DescribeScalar(Mask(text)),
                _ => HiddenKind(value),
            };
        }

        return value switch
        {
            JsonObject table => "{" + string.Join(", ", table.Select(p => $"{p.Key} = {Describe(p.Key, p.Value)}")) + "}",
            JsonArray items => "[" + string.Join(", ", items.Select(item => Describe(key, item))) + "]",
            JsonValue scalar when ConfigTree.ReadScalar(scalar) is string text => ConfigTree.DescribeScalar(MaskText(key, text)),
            _ => ConfigTree.Describe(value),
        };
    }

    /// <summary>The type of a secret's value, never the value: "a list (value hidden)".</summary>
    public static string HiddenKind(object? value) => value switch
    {
        null => "null",
        JsonObject => "a table (value hidden)",
        JsonArray or System.Collections.IEnumerable and not string => "a list (value hidden)",
        JsonValue scalar => HiddenKind(ConfigTree.ReadScalar(scalar)),
        bool => "a boolean (value hidden)",
        long or int or double or float or decimal => "a number (value hidden)",
        string => "a string (value hidden)",
        _ => "a value (hidden)",
    };

    /// <summary>
    /// A copy of <paramref name="tree"/> with every secret masked. The names of a map section
    /// (<c>[model_alias]</c>) are the operator's and its values model ids: shown as they are.
    /// </summary>
    public static JsonObject MaskTree(JsonObject tree)
    {
        var copy = new JsonObject();
        foreach (var (key, child) in tree)
        {
            copy[key] = child is JsonObject && ConfigSchema.IsMapSection(key) ? ConfigTree.Normalize(child) : MaskNode(key, child);
        }

        return copy;
    }

    private static JsonObject MaskTable(JsonObject table)
    {
        var copy = new JsonObject();
        foreach (var (key, child) in table)
        {
            copy[key] = MaskNode(key, child);
        }

        return copy;
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is just the masked form of <paramref name="current"/>: an admin
    /// page that sends back what it was shown must not overwrite the secret with its mask.
    /// </summary>
    public static bool IsMaskOf(string key, string current, string candidate)
    {
        if (string.Equals(current, candidate, StringComparison.Ordinal))
        {
            return false;
        }

        return string.Equals(Show(key, current), candidate, StringComparison.Ordinal);
    }

    /// <summary>
    /// A copy of <paramref name="patch"/> where every string that is only the masked form of the
    /// current value (<see cref="IsMaskOf"/>) is replaced by that value: an admin page that sends back
    /// what it was shown means "unchanged".
    /// </summary>
    public static JsonObject KeepMaskedSecrets(JsonObject patch, JsonObject effective) => KeepMaskedSecrets(patch, effective, topLevel: true);

    private static JsonObject KeepMaskedSecrets(JsonObject patch, JsonObject effective, bool topLevel)
    {
        var result = new JsonObject();
        foreach (var (key, value) in patch)
        {
            var current = effective[key];
            result[key] = value switch
            {
                // A map section is never masked, so nothing sent to it is a mask.
                JsonObject when topLevel && ConfigSchema.IsMapSection(key) => ConfigTree.Normalize(value),
                JsonObject child => KeepMaskedSecrets(child, current as JsonObject ?? [], topLevel: false),
                JsonValue candidate when ConfigTree.ReadScalar(candidate) is string text
                    && current is JsonValue existing
                    && ConfigTree.ReadScalar(existing) is string secret
                    && IsMaskOf(key, secret, text) => JsonValue.Create(secret),
                _ => ConfigTree.Normalize(value),
            };
        }

        return result;
    }

    private static JsonNode? MaskNode(string key, JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => MaskTable(obj),
        JsonArray array => new JsonArray([.. array.Select(item => MaskNode(key, item))]),
        JsonValue value when ConfigTree.ReadScalar(value) is string text => JsonValue.Create(Show(key, text)),
        _ => ConfigTree.Normalize(node),
    };
}
