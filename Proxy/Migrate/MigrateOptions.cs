using Grok2Api.Storage;

namespace Grok2Api.Proxy.Migrate;

/// <summary>One side of a copy: a storage kind with its URL (shared stores) or data directory (local).</summary>
/// <param name="Kind">The storage kind.</param>
/// <param name="Url">The connection URL; empty for local.</param>
/// <param name="DataDirectory">The absolute data directory (local; also what a shared store's settings carry).</param>
internal sealed record MigrateEndpoint(StorageKind Kind, string Url, string DataDirectory)
{
    /// <summary>local, redis, pgsql or mysql.</summary>
    public string KindName => StorageBackends.KindName(Kind);

    /// <summary>The storage settings the backend is created from.</summary>
    public StorageSettings Settings => new(DataDirectory, Kind, Url);
}

/// <summary>The arguments of <c>migrate</c>, parsed by hand (no command-line package).</summary>
/// <param name="From">Where the data comes from.</param>
/// <param name="To">Where it goes.</param>
/// <param name="Replace">Whether tokens, tasks and video jobs that only the target holds are deleted.</param>
internal sealed record MigrateOptions(MigrateEndpoint From, MigrateEndpoint To, bool Replace)
{
    /// <summary>The command word that selects the command.</summary>
    public const string Command = "migrate";

    /// <summary>The environment variable that can carry the source URL.</summary>
    public const string FromUrlVariable = "MIGRATE_FROM_URL";

    /// <summary>The environment variable that can carry the target URL.</summary>
    public const string ToUrlVariable = "MIGRATE_TO_URL";

    /// <summary>The text of <c>--help</c>.</summary>
    public const string Usage = """
        Usage: grok2api migrate --from <kind> [--from-url URL] --to <kind> [--to-url URL] [options]

        Copies everything the service stores from one storage to another: the config, every token
        (whole records), the admin batch tasks and the video jobs. The target is then marked seeded
        (a service starting on it does not copy DATA_DIR again) and checked by reading it back.
        Stop the services using either storage first.

        Kinds: local, redis, pgsql, mysql (mysql also serves MariaDB).

        Options:
          --from <kind>           where the data comes from (required)
          --from-url <url>        its SERVER_STORAGE_URL (or set MIGRATE_FROM_URL)
          --from-data-dir <dir>   its DATA_DIR, when --from local (default: --data-dir)
          --to <kind>             where the data goes (required)
          --to-url <url>          its SERVER_STORAGE_URL (or set MIGRATE_TO_URL)
          --to-data-dir <dir>     its DATA_DIR, when --to local (default: --data-dir)
          --data-dir <dir>        DATA_DIR of a local side (default: $DATA_DIR, else ./data)
          --replace               also delete the tokens, tasks and video jobs that only the
                                  target holds (without it, such tokens stop the migration)
          -h, --help              show this text

        Examples:
          grok2api migrate --from local --data-dir /app/data --to redis --to-url redis://:pw@redis:6379/0
          MIGRATE_FROM_URL=postgresql://u:pw@db/grok MIGRATE_TO_URL=mysql://u:pw@db2/grok \
            grok2api migrate --from pgsql --to mysql
          grok2api migrate --from local --from-data-dir ./old --to local --to-data-dir ./new
        """;

    /// <summary>Parses the arguments that follow <c>migrate</c>.</summary>
    /// <param name="args">The arguments after the command word.</param>
    /// <param name="environment">Reads an environment variable (MIGRATE_FROM_URL, MIGRATE_TO_URL, DATA_DIR).</param>
    /// <returns>The options, or null when <c>--help</c> was asked for.</returns>
    /// <exception cref="MigrateException">The arguments are wrong; the message says how.</exception>
    public static MigrateOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var replace = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "help")
            {
                return null;
            }

            if (arg == "--replace")
            {
                replace = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new MigrateException($"Unexpected argument '{Shorten(arg)}'. Run 'migrate --help' for the usage.");
            }

            var name = arg;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            if (name is not ("--from" or "--from-url" or "--from-data-dir" or "--to" or "--to-url" or "--to-data-dir" or "--data-dir"))
            {
                throw new MigrateException($"Unknown option '{Shorten(name)}'. Run 'migrate --help' for the usage.");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new MigrateException($"{name} needs a value.");
                }

                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                throw new MigrateException($"{name} is given twice.");
            }
        }

        var dataDirectory = values.GetValueOrDefault("--data-dir") ?? NonBlank(environment("DATA_DIR")) ?? "./data";
        var from = Endpoint("--from", values, environment(FromUrlVariable), FromUrlVariable, dataDirectory);
        var to = Endpoint("--to", values, environment(ToUrlVariable), ToUrlVariable, dataDirectory);
        if (from.Kind == to.Kind && (from.Kind == StorageKind.Local
                ? string.Equals(from.DataDirectory, to.DataDirectory, StringComparison.Ordinal)
                : string.Equals(from.Url, to.Url, StringComparison.Ordinal)))
        {
            throw new MigrateException(from.Kind == StorageKind.Local
                ? "The source and the target are the same directory; give --from-data-dir and --to-data-dir."
                : "The source and the target are the same store.");
        }

        return new MigrateOptions(from, to, replace);
    }

    private static MigrateEndpoint Endpoint(string side, Dictionary<string, string> values, string? urlFromEnvironment, string urlVariable, string dataDirectory)
    {
        if (!values.TryGetValue(side, out var kindText))
        {
            throw new MigrateException($"{side} is required (local, redis, pgsql or mysql). Run 'migrate --help' for the usage.");
        }

        if (StorageBackends.ParseKind(kindText) is not { } kind)
        {
            throw new MigrateException($"{side} '{Shorten(kindText)}' is not a storage kind; use local, redis, pgsql or mysql.");
        }

        var url = values.GetValueOrDefault(side + "-url") ?? NonBlank(urlFromEnvironment) ?? "";
        var directory = values.GetValueOrDefault(side + "-data-dir") ?? dataDirectory;
        if (kind == StorageKind.Local)
        {
            if (values.ContainsKey(side + "-url"))
            {
                throw new MigrateException($"{side}-url is for shared stores; {side} local reads {side}-data-dir (or --data-dir).");
            }

            url = "";
        }
        else if (string.IsNullOrWhiteSpace(url))
        {
            throw new MigrateException($"{side} {StorageBackends.KindName(kind)} needs {side}-url (or the environment variable {urlVariable}).");
        }

        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new MigrateException($"{side}-data-dir is empty.");
        }

        return new MigrateEndpoint(kind, url.Trim(), Path.GetFullPath(directory));
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    // An argument echoed back is cut short: a URL given where a kind was expected must not print a password.
    private static string Shorten(string value) => value.Contains("://", StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal)
        ? "(a URL)"
        : value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>A migration that cannot go on; the message is for the operator and never holds a password.</summary>
internal sealed class MigrateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MigrateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public MigrateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MigrateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
