using System.Buffers;
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

    private static readonly SearchValues<char> ZoneCharacters =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

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
    public static string MaskUrlCredentials(string value) => MaskAuthority(value);

    /// <summary>
    /// A value of a URL key (<c>base_proxy_url</c> …) as it may be shown. Such a value is shown in error
    /// messages even when it is not a URL at all, so the masking does not rely on its being well formed:
    /// everything before the last <c>@</c> (after a <c>scheme://</c>) is hidden, and after any colon a
    /// part that is not a port of digits is hidden up to the next <c>/</c>, <c>?</c> or <c>#</c>: a
    /// password whose <c>@host</c> was lost (<c>user:password</c>, <c>user:password:8080</c>).
    /// An IPv6 host in brackets keeps its colons.
    /// </summary>
    public static string MaskProxyUrl(string value)
    {
        var prefix = SchemePrefixLength(value);
        var at = value.LastIndexOf('@');
        var masked = new System.Text.StringBuilder(value.Length);
        masked.Append(value, 0, prefix);
        var rest = prefix;
        if (at >= prefix)
        {
            masked.Append(Hidden);
            rest = at;
        }

        for (var i = rest; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '[' && IPv6HostLength(value, i) is > 0 and var length)
            {
                masked.Append(value, i, length);
                i += length - 1;
                continue;
            }

            masked.Append(c);
            if (c != ':')
            {
                continue;
            }

            var partEnd = value.IndexOfAny(['/', '?', '#'], i + 1);
            if (partEnd < 0)
            {
                partEnd = value.Length;
            }

            var part = value.AsSpan(i + 1, partEnd - i - 1);
            if (!part.IsEmpty && part.ContainsAnyExceptInRange('0', '9'))
            {
                masked.Append(Hidden);
                i = partEnd - 1;
            }
        }

        return masked.ToString();
    }

    /// <summary>The length of a leading <c>scheme://</c>, or 0.</summary>
    private static int SchemePrefixLength(string value)
    {
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && Uri.CheckSchemeName(value[..separator]) ? separator + 3 : 0;
    }

    /// <summary>
    /// The length of a bracketed IPv6 host (<c>[::1]</c>) starting at <paramref name="start"/>, or 0 when the
    /// brackets are not closed or hold anything but an address: their colons then count like any other.
    /// </summary>
    private static int IPv6HostLength(string value, int start)
    {
        var close = value.IndexOf(']', start);
        if (close <= start + 1)
        {
            return 0;
        }

        // An address of hex digits, colons and dots, then perhaps a zone (%25eth0).
        var inside = value.AsSpan(start + 1, close - start - 1);
        var zone = inside.IndexOf('%');
        var address = zone < 0 ? inside : inside[..zone];
        var isHost = !address.IsEmpty && !address.ContainsAnyExcept("0123456789abcdefABCDEF:.")
            && (zone < 0 || !inside[(zone + 1)..].ContainsAnyExcept(ZoneCharacters));
        return isHost ? close - start + 1 : 0;
    }

    private static string MaskAuthority(string value)
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
        return at < 0 ? value : string.Concat(value.AsSpan(0, authorityStart), Hidden, value.AsSpan(at));
    }

    /// <summary>How a string that is not a secret may be shown: a URL key's value with the stricter masking.</summary>
    private static string MaskText(string key, string text) => IsUrlKey(key) ? MaskProxyUrl(text) : MaskUrlCredentials(text);

    /// <summary>Whether a key holds a URL that may carry credentials: <c>app_url</c>, <c>base_proxy_url</c> …</summary>
    private static bool IsUrlKey(string key) =>
        key.Contains("url", StringComparison.OrdinalIgnoreCase) || key.Contains("proxy", StringComparison.OrdinalIgnoreCase);

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
            // A URL is never a table or a list: its kind says what is wrong, and its contents may be credentials.
            JsonObject or JsonArray when IsUrlKey(key) => HiddenKind(value),
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
