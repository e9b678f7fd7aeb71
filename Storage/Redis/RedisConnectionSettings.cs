using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grok2Api.Storage.Shared;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// A <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c> (TLS) URL turned into the
/// driver's options. User and password are URL-decoded; the port defaults to 6379 and the database
/// to 0. The query may override the timeouts in seconds, with the names the original's driver reads
/// (<c>socket_connect_timeout</c>, <c>socket_timeout</c>). <see cref="Describe"/> never holds a credential.
/// With TLS the server certificate is verified (name and chain) against the system's CAs; the query may
/// name a PEM file of further CAs to trust (<c>ssl_ca_certs</c>, read when the URL is parsed), turn the
/// check off (<c>ssl_cert_reqs=none</c>) or skip only the name check (<c>ssl_check_hostname=false</c>),
/// with the names and values the original's driver reads.
/// </summary>
internal sealed class RedisConnectionSettings
{
    /// <summary>The port when the URL names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>The connect and command timeout when the URL names none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly string? _user;
    private readonly string? _password;

    private RedisConnectionSettings(string host, int port, int database, bool tls, string? user, string? password, TimeSpan connectTimeout, TimeSpan commandTimeout, TlsCheck check)
    {
        Check = check;
        Host = host;
        Port = port;
        Database = database;
        Tls = tls;
        _user = user;
        _password = password;
        ConnectTimeout = connectTimeout;
        CommandTimeout = commandTimeout;
    }

    /// <summary>The host name or address (IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary>The database number.</summary>
    public int Database { get; }

    /// <summary>Whether the connection uses TLS (<c>rediss://</c>).</summary>
    public bool Tls { get; }

    /// <summary>How the server certificate is checked when <see cref="Tls"/>.</summary>
    public TlsCheck Check { get; }

    /// <summary>Whether the URL names a user (ACL).</summary>
    public bool HasUser => _user is not null;

    /// <summary>Whether the URL holds a password.</summary>
    public bool HasPassword => _password is not null;

    /// <summary>Bounds a connect.</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>Bounds each command.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>Where the store is, for messages: <c>redis host:port db N</c>, no credential.</summary>
    public string Describe => $"redis {(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port} db {Database}";

    /// <summary>Reads a URL (through <see cref="StorageUrl"/>, the parser of every storage URL).</summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="ArgumentException">Not a Redis URL; the message never repeats the URL.</exception>
    public static RedisConnectionSettings Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!StorageUrl.TryParse(url.Trim(), out var parsed, out var error))
        {
            throw new ArgumentException($"redis: {error}", nameof(url));
        }

        if (parsed.Kind != StorageKind.Redis)
        {
            throw new ArgumentException($"redis: the storage URL scheme must be redis or rediss, not {parsed.Scheme}", nameof(url));
        }

        // redis://secret@host: the original's driver reads a lone user-info as the password.
        var (user, password) = parsed.Password is null && parsed.User is not null ? (null, parsed.User) : (parsed.User, parsed.Password);
        var database = 0;
        var dbText = parsed.Database.Length > 0 ? parsed.Database : parsed.QueryValue("db");
        if (dbText is not null && !(int.TryParse(dbText, NumberStyles.None, CultureInfo.InvariantCulture, out database) && database >= 0))
        {
            throw new ArgumentException("redis: the database in the storage URL must be a number", nameof(url));
        }

        var connectTimeout = ReadSeconds(parsed, "socket_connect_timeout") ?? DefaultTimeout;
        var commandTimeout = ReadSeconds(parsed, "socket_timeout") ?? DefaultTimeout;
        return new RedisConnectionSettings(parsed.Host, parsed.Port, database, parsed.Tls, user, password, connectTimeout, commandTimeout, ReadTlsCheck(parsed));
    }

    /// <summary>The driver's options: bounded connect and commands, the first connect fails rather than retrying forever.</summary>
    public ConfigurationOptions ToOptions()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { Host, Port } },
            DefaultDatabase = Database,
            Ssl = Tls,
            SslHost = Tls ? Host : null,
            User = _user,
            Password = _password,
            ConnectTimeout = ToMilliseconds(ConnectTimeout),
            SyncTimeout = ToMilliseconds(CommandTimeout),
            AsyncTimeout = ToMilliseconds(CommandTimeout),
            ConnectRetry = 1,
            AbortOnConnectFail = true,
            ClientName = "grok2api",
            KeepAlive = 10,
        };
        if (Tls && (!Check.Verify || Check.TrustedCas is not null || !Check.CheckHostName))
        {
            options.CertificateValidation += (_, certificate, chain, errors) => AcceptsServerCertificate(certificate, chain, errors);
        }

        return options;
    }

    /// <summary>
    /// Whether the server certificate is accepted under <see cref="Check"/> (installed as the driver's
    /// validation callback when the URL changes the default of system CAs and a matching name).
    /// </summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="chain">The chain the platform built.</param>
    /// <param name="errors">What the platform found wrong.</param>
    internal bool AcceptsServerCertificate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        !Check.Verify || TrustedCertificates.Validate(Check.TrustedCas ?? [], certificate, chain, errors, Check.CheckHostName);

    private static TlsCheck ReadTlsCheck(StorageUrl url)
    {
        var verify = url.QueryValue("ssl_cert_reqs")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "required" or "cert_required" or "optional" or "cert_optional" => true,
            "none" or "cert_none" => false,
            _ => throw new ArgumentException("redis: ssl_cert_reqs in the storage URL must be none, optional or required"),
        };
        var checkName = url.QueryValue("ssl_check_hostname")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ArgumentException("redis: ssl_check_hostname in the storage URL must be true or false"),
        };
        var caPath = url.QueryValue("ssl_ca_certs");
        var trusted = url.Tls && verify && !string.IsNullOrEmpty(caPath) ? TrustedCertificates.Load(caPath, "redis", "ssl_ca_certs") : null;
        return new TlsCheck(verify, checkName, trusted);
    }

    private static TimeSpan? ReadSeconds(StorageUrl url, string name)
    {
        if (url.QueryValue(name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 300
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"redis: {name} in the storage URL must be a number of seconds between 0 and 300");
    }

    private static int ToMilliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);

    /// <summary>How a TLS server certificate is checked.</summary>
    /// <param name="Verify">False for <c>ssl_cert_reqs=none</c>: any certificate is accepted.</param>
    /// <param name="CheckHostName">False for <c>ssl_check_hostname=false</c>: the name need not match the host.</param>
    /// <param name="TrustedCas">The CAs of <c>ssl_ca_certs</c> trusted besides the system's, or null.</param>
    internal sealed record TlsCheck(bool Verify, bool CheckHostName, X509Certificate2Collection? TrustedCas);
}
