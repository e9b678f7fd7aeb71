using System.Globalization;
using System.Text;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// A parsed <c>SERVER_STORAGE_URL</c> (docs/compatibility.md §3): <c>redis://</c>, <c>rediss://</c>;
/// <c>postgresql://</c>, <c>postgres://</c>, <c>pgsql://</c>, <c>postgresql+asyncpg://</c>;
/// <c>mysql://</c>, <c>mariadb://</c>, <c>mysql+aiomysql://</c>, <c>mariadb+aiomysql://</c>. The
/// scheme is normalised (redis, rediss, postgresql, mysql), the user and password URL-decoded, the
/// port defaulted (6379, 5432, 3306), the database taken from the path and the query parameters kept.
/// The password appears in no message: <see cref="ToString"/> and <see cref="Redacted"/> leave it out.
/// </summary>
public sealed class StorageUrl
{
    private StorageUrl(
        string scheme,
        StorageKind kind,
        string? user,
        string? password,
        string host,
        int port,
        string database,
        IReadOnlyDictionary<string, string> query)
    {
        Scheme = scheme;
        Kind = kind;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Database = database;
        Query = query;
        Redacted = BuildRedacted();
    }

    /// <summary>The normalised scheme: <c>redis</c>, <c>rediss</c>, <c>postgresql</c> or <c>mysql</c>.</summary>
    public string Scheme { get; }

    /// <summary>The store kind the scheme selects.</summary>
    public StorageKind Kind { get; }

    /// <summary>The user name (URL-decoded), or null when the URL names none.</summary>
    public string? User { get; }

    /// <summary>The password (URL-decoded), or null when the URL holds none. Never log it.</summary>
    public string? Password { get; }

    /// <summary>The host name or address (an IPv6 address without brackets); <c>localhost</c> when the URL names none.</summary>
    public string Host { get; }

    /// <summary>The port: the URL's, else 6379 (Redis), 5432 (PostgreSQL) or 3306 (MySQL).</summary>
    public int Port { get; }

    /// <summary>The database from the path (URL-decoded), empty when the path is empty; for Redis the database number.</summary>
    public string Database { get; }

    /// <summary>The query parameters (URL-decoded; names compared case-insensitively; a repeated name keeps its last value).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>
    /// Whether the URL asks for TLS: the <c>rediss</c> scheme, or a query parameter
    /// <c>sslmode</c>/<c>ssl-mode</c>/<c>ssl_mode</c> other than disable/disabled/allow/prefer/preferred,
    /// or <c>ssl</c>/<c>tls</c> true.
    /// </summary>
    public bool Tls
    {
        get
        {
            if (Scheme == "rediss")
            {
                return true;
            }

            var mode = QueryValue("sslmode") ?? QueryValue("ssl-mode") ?? QueryValue("ssl_mode");
            if (mode is not null)
            {
                return mode.ToLowerInvariant() is not ("disable" or "disabled" or "allow" or "prefer" or "preferred" or "none" or "");
            }

            var flag = QueryValue("ssl") ?? QueryValue("tls");
            return flag is not null && flag.ToLowerInvariant() is "true" or "1" or "yes" or "on" or "require" or "required";
        }
    }

    /// <summary>The URL for messages: scheme, user, host, port and database, the password as <c>***</c>, no query.</summary>
    public string Redacted { get; }

    /// <summary>Parses <paramref name="url"/>.</summary>
    /// <param name="url">A <c>SERVER_STORAGE_URL</c> value.</param>
    /// <exception cref="FormatException">The URL is not a storage URL; the message never holds the password.</exception>
    public static StorageUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TryParse(url, out var parsed, out var error) ? parsed : throw new FormatException(error);
    }

    /// <summary>Parses <paramref name="url"/>, or explains why it cannot.</summary>
    /// <param name="url">A <c>SERVER_STORAGE_URL</c> value.</param>
    /// <param name="parsed">The parsed URL.</param>
    /// <param name="error">Why the URL is not accepted (never holds the password).</param>
    public static bool TryParse(string? url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StorageUrl? parsed, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var text = (url ?? "").Trim();
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            error = "SERVER_STORAGE_URL has no scheme (expected e.g. postgresql://user:password@host/db).";
            return false;
        }

        var rawScheme = text[..separator].ToLowerInvariant();
        if (!TryNormalizeScheme(rawScheme, out var scheme, out var kind, out var defaultPort))
        {
            error = $"SERVER_STORAGE_URL scheme '{Sanitize(rawScheme)}' is not one of redis, rediss, postgresql, postgres, pgsql, postgresql+asyncpg, mysql, mariadb, mysql+aiomysql, mariadb+aiomysql.";
            return false;
        }

        var rest = text[(separator + 3)..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var atSign = rest.Length == 0 ? -1 : rest.LastIndexOf('@', authorityEnd < 0 ? rest.Length - 1 : authorityEnd);

        // As Python's urlsplit: the authority ends at the first '/', '?' or '#'; the user info at its last '@'.
        var hostStart = 0;
        string? userInfo = null;
        if (atSign >= 0)
        {
            userInfo = rest[..atSign];
            hostStart = atSign + 1;
        }

        var authority = authorityEnd < 0 ? rest[hostStart..] : rest[hostStart..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? "" : rest[authorityEnd..(fragment < 0 ? rest.Length : fragment)];

        string? user = null;
        string? password = null;
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var rawUser = colon < 0 ? userInfo : userInfo[..colon];
            user = rawUser.Length == 0 ? null : Decode(rawUser);
            password = colon < 0 ? null : Decode(userInfo[(colon + 1)..]);
        }

        if (!TrySplitHostPort(authority, defaultPort, out var host, out var port, out var hostError))
        {
            error = hostError;
            return false;
        }

        var question = afterAuthority.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? afterAuthority : afterAuthority[..question];
        var queryText = question < 0 ? "" : afterAuthority[(question + 1)..];
        var database = Decode(path.TrimStart('/'));
        if (kind == StorageKind.Redis && database.Length > 0 && !int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            error = $"SERVER_STORAGE_URL: the Redis database '{Sanitize(database)}' is not a number.";
            return false;
        }

        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in queryText.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name.Length > 0)
            {
                query[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            }
        }

        parsed = new StorageUrl(scheme, kind, user, password, host, port, database, query);
        error = null;
        return true;
    }

    /// <summary>The query parameter <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">The parameter name.</param>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The query parameter <paramref name="name"/> as a whole number of seconds, or
    /// <paramref name="fallback"/> when absent or not a positive number.
    /// </summary>
    /// <param name="name">The parameter name, e.g. <c>connect_timeout</c>.</param>
    /// <param name="fallback">The default.</param>
    public int QuerySeconds(string name, int fallback)
    {
        var value = QueryValue(name);
        return value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < int.MaxValue
            ? Math.Max(1, (int)Math.Ceiling(seconds))
            : fallback;
    }

    /// <summary>The redacted URL (<see cref="Redacted"/>): never the password.</summary>
    public override string ToString() => Redacted;

    private static bool TryNormalizeScheme(string raw, out string scheme, out StorageKind kind, out int defaultPort)
    {
        (scheme, kind, defaultPort) = raw switch
        {
            "redis" => ("redis", StorageKind.Redis, 6379),
            "rediss" => ("rediss", StorageKind.Redis, 6379),
            "postgresql" or "postgres" or "pgsql" or "postgresql+asyncpg" or "postgres+asyncpg" => ("postgresql", StorageKind.PostgreSql, 5432),
            "mysql" or "mariadb" or "mysql+aiomysql" or "mariadb+aiomysql" => ("mysql", StorageKind.MySql, 3306),
            _ => ("", StorageKind.Local, 0),
        };
        return scheme.Length > 0;
    }

    private static bool TrySplitHostPort(string authority, int defaultPort, out string host, out int port, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        host = "localhost";
        port = defaultPort;
        error = null;
        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "SERVER_STORAGE_URL has an unclosed '[' in its host.";
                return false;
            }

            host = authority[1..close];
            var tail = authority[(close + 1)..];
            if (tail.Length > 0 && tail[0] != ':')
            {
                error = "SERVER_STORAGE_URL has text after the IPv6 host.";
                return false;
            }

            portText = tail.Length > 0 ? tail[1..] : "";
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            var name = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? "" : authority[(colon + 1)..];
            if (name.Length > 0)
            {
                host = Decode(name);
            }
        }

        if (host.Length == 0)
        {
            host = "localhost";
        }

        if (portText.Length > 0)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                error = $"SERVER_STORAGE_URL port '{Sanitize(portText)}' is not a number from 1 to 65535.";
                return false;
            }
        }

        return true;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Parts quoted in an error are cut short and stripped of control characters.</summary>
    private static string Sanitize(string text)
    {
        var clean = new string([.. text.Where(c => !char.IsControl(c))]);
        return clean.Length > 40 ? clean[..40] + "…" : clean;
    }

    private string BuildRedacted()
    {
        var builder = new StringBuilder(Scheme).Append("://");
        if (User is not null || Password is not null)
        {
            builder.Append(Uri.EscapeDataString(User ?? ""));
            if (Password is not null)
            {
                builder.Append(":***");
            }

            builder.Append('@');
        }

        builder.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)
            .Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (Database.Length > 0)
        {
            builder.Append('/').Append(Uri.EscapeDataString(Database));
        }

        return builder.ToString();
    }
}
