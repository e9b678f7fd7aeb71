using System.Globalization;
using System.Net;
using Grok2Api.Storage;
using Serilog.Events;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// The environment variables of docs/compatibility.md §3, resolved and validated once at startup. They are
/// read through <see cref="IConfiguration"/>, so the same names work as environment variables, as
/// command-line switches (<c>--SERVER_PORT=9000</c>) and in tests.
/// </summary>
internal sealed record HostSettings(
    StorageSettings Storage,
    string ListenHost,
    int ListenPort,
    int Workers,
    LogEventLevel LogLevel,
    bool LogFileEnabled)
{
    private static readonly string[] StorageTypes = ["local", "redis", "mysql", "pgsql"];

    /// <summary>Reads and validates the settings; every problem is a <see cref="StartupException"/> naming the variable.</summary>
    public static HostSettings From(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(Read(configuration, "DATA_DIR", "./data"));
        var kind = ParseStorageKind(Read(configuration, "SERVER_STORAGE_TYPE", "local"));
        var url = Read(configuration, "SERVER_STORAGE_URL", "");
        StorageUrlValidator.Validate(kind, url);

        var host = Read(configuration, "SERVER_HOST", "0.0.0.0");
        if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new StartupException($"SERVER_HOST '{host}' is not an IP address or host name.");
        }

        var port = ParseInt(configuration, "SERVER_PORT", 8000, 0, 65535);
        var workers = ParseInt(configuration, "SERVER_WORKERS", 1, 1, 1024);
        var level = ParseLevel(Read(configuration, "LOG_LEVEL", "INFO"));
        var fileLogs = ParseBool(configuration, "LOG_FILE_ENABLED", true);
        return new HostSettings(new StorageSettings(dataDirectory, kind, url), host, port, workers, level, fileLogs);
    }

    private static string Read(IConfiguration configuration, string name, string fallback)
    {
        var value = configuration[name];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    private static StorageKind ParseStorageKind(string value) => value.ToLowerInvariant() switch
    {
        "local" => StorageKind.Local,
        "redis" => StorageKind.Redis,
        "mysql" => StorageKind.MySql,
        "pgsql" => StorageKind.PostgreSql,
        _ => throw new StartupException(
            $"SERVER_STORAGE_TYPE '{value}' is not supported. Use one of: {string.Join(", ", StorageTypes)} (mysql also serves MariaDB)."),
    };

    private static int ParseInt(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var raw = configuration[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new StartupException($"{name} '{raw}' must be a whole number from {min} to {max}.");
        }

        return value;
    }

    private static bool ParseBool(IConfiguration configuration, string name, bool fallback)
    {
        var raw = configuration[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return raw.Trim().ToLowerInvariant() switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new StartupException($"{name} '{raw}' must be true or false."),
        };
    }

    private static LogEventLevel ParseLevel(string value) => value.ToUpperInvariant() switch
    {
        "TRACE" or "VERBOSE" => LogEventLevel.Verbose,
        "DEBUG" => LogEventLevel.Debug,
        "INFO" or "INFORMATION" => LogEventLevel.Information,
        "WARNING" or "WARN" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" or "FATAL" => LogEventLevel.Fatal,
        _ => throw new StartupException($"LOG_LEVEL '{value}' is not supported. Use DEBUG, INFO, WARNING or ERROR."),
    };
}
