using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Grok2Api.Storage.Shared;
using MySqlConnector;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// MySQL and MariaDB: DDL under <c>GET_LOCK</c> (DDL commits implicitly), <c>ON DUPLICATE KEY
/// UPDATE</c> upserts, utf8mb4 with binary collation, and notices as rows of <c>g2a_changes</c>
/// written in the saving transaction and polled by sequence number.
/// </summary>
internal sealed class MySqlDialect : SqlDialect
{
    /// <summary>The named lock of schema migration.</summary>
    public const string SchemaLock = "g2a_schema";

    /// <summary>How often the change table is polled.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Change rows older than this are pruned.</summary>
    public static readonly TimeSpan ChangeRetention = TimeSpan.FromMinutes(10);

    /// <summary>How long a gap in the sequence is watched for a transaction that committed late.</summary>
    private static readonly TimeSpan GapWatch = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private const string Table = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    public override StorageKind StorageKind => StorageKind.MySql;

    public override string Kind => "mysql";

    public override string CurrentSchema => "DATABASE()";

    public override string CreateMetaTable => "CREATE TABLE IF NOT EXISTS g2a_meta (name VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)" + Table;

    public override IReadOnlyList<string[]> Migrations { get; } =
    [
        [
            CreateTokenTable("id CHAR(16) NOT NULL PRIMARY KEY", "extra MEDIUMTEXT NULL") + Table,
            "CREATE TABLE IF NOT EXISTS g2a_config (section VARCHAR(64) NOT NULL, key_name VARCHAR(128) NOT NULL, value MEDIUMTEXT NOT NULL, PRIMARY KEY (section, key_name))" + Table,
            "CREATE TABLE IF NOT EXISTS g2a_tasks (id VARCHAR(128) NOT NULL PRIMARY KEY, created_at BIGINT NOT NULL, data MEDIUMTEXT NOT NULL, INDEX g2a_tasks_created_at (created_at))" + Table,
            "CREATE TABLE IF NOT EXISTS g2a_video_jobs (id VARCHAR(128) NOT NULL PRIMARY KEY, created_at BIGINT NOT NULL, data MEDIUMTEXT NOT NULL, INDEX g2a_video_jobs_created_at (created_at))" + Table,
            "CREATE TABLE IF NOT EXISTS g2a_leases (name VARCHAR(191) NOT NULL PRIMARY KEY, owner VARCHAR(128) NOT NULL, expires_at DATETIME(3) NOT NULL)" + Table,
            "CREATE TABLE IF NOT EXISTS g2a_changes (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, origin VARCHAR(128) NOT NULL, kind VARCHAR(16) NOT NULL, ids MEDIUMTEXT NOT NULL, created_at DATETIME(3) NOT NULL, INDEX g2a_changes_created_at (created_at))" + Table,
        ],
        [
            "CREATE TABLE IF NOT EXISTS g2a_responses (id VARCHAR(128) NOT NULL PRIMARY KEY, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, response LONGBLOB NOT NULL, context LONGBLOB NOT NULL, INDEX g2a_responses_expires_at (expires_at))" + Table,
        ],
    ];

    protected override string OnConflict(string keys) => " ON DUPLICATE KEY UPDATE ";

    protected override string Assign(string column) => $"{column} = VALUES({column})";

    public override DbDataSource CreateDataSource(StorageUrl url)
    {
        var builder = BuildConnectionString(url);
        if (builder.SslCa.Length > 0)
        {
            // Read now: a wrong path fails at start-up, and the message names the parameter, not the path.
            TrustedCertificates.Load(builder.SslCa, Kind, "ssl-ca");
        }

        return new MySqlDataSource(builder.ConnectionString);
    }

    /// <summary>
    /// The driver's settings of a URL. TLS: <c>ssl-mode</c> (see <see cref="SslModeOf"/>) and, for
    /// VERIFY_CA/VERIFY_IDENTITY, <c>ssl-ca</c> (also <c>ssl_ca</c>, <c>sslca</c>): a PEM file of the CAs
    /// to trust instead of the system's.
    /// </summary>
    internal static MySqlConnectionStringBuilder BuildConnectionString(StorageUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = url.Host,
            Port = (uint)url.Port,
            UserID = url.User ?? "",
            Password = url.Password ?? "",
            Database = url.Database,
            ConnectionTimeout = (uint)url.QuerySeconds("connect_timeout", 5),
            DefaultCommandTimeout = (uint)url.QuerySeconds("command_timeout", 5),
            Pooling = true,
            CharacterSet = "utf8mb4",

            // MySQL 8's caching_sha2_password over a plain connection needs the server's key, as the Python drivers fetch it.
            AllowPublicKeyRetrieval = true,
        };
        if (SslModeOf(url) is { } mode)
        {
            builder.SslMode = mode;
        }

        if ((url.QueryValue("ssl-ca") ?? url.QueryValue("ssl_ca") ?? url.QueryValue("sslca")) is { Length: > 0 } ca)
        {
            builder.SslCa = ca;
        }

        return builder;
    }

    /// <summary>The TLS mode the URL asks for (<c>ssl-mode</c>/<c>ssl_mode</c>/<c>sslmode</c> or <c>ssl</c>); null for the driver default.</summary>
    internal static MySqlSslMode? SslModeOf(StorageUrl url)
    {
        var mode = (url.QueryValue("ssl-mode") ?? url.QueryValue("ssl_mode") ?? url.QueryValue("sslmode"))?.Trim().ToLowerInvariant();
        if (mode is not null)
        {
            return mode switch
            {
                "" => null,
                "disabled" or "disable" or "none" => MySqlSslMode.None,
                "preferred" or "prefer" => MySqlSslMode.Preferred,
                "verify_ca" or "verify-ca" => MySqlSslMode.VerifyCA,
                "verify_identity" or "verify-identity" or "verify-full" or "verify_full" => MySqlSslMode.VerifyFull,
                _ => MySqlSslMode.Required,
            };
        }

        var ssl = url.QueryValue("ssl")?.Trim().ToLowerInvariant();
        return ssl switch
        {
            null or "" => null,
            "false" or "0" or "off" or "no" => MySqlSslMode.None,
            _ => MySqlSslMode.Required,
        };
    }

    public override async Task ClearPoolAsync(DbDataSource dataSource)
    {
        await using var connection = (MySqlConnection)dataSource.CreateConnection();
        await MySqlConnection.ClearPoolAsync(connection);
    }

    public override async Task<DbTransaction?> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // GET_LOCK waits at most 4 s per call (within the 5 s command timeout); an instance migrating takes well under that.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            await using var command = SqlBackend.CreateCommand(connection, null, "SELECT GET_LOCK(@l, 4)", ("l", SchemaLock));
            if (await command.ExecuteScalarAsync(cancellationToken) is { } result and not DBNull && Convert.ToInt64(result, CultureInfo.InvariantCulture) == 1)
            {
                return null;
            }
        }

        throw new StoreUnavailableException($"{Kind}: opening the store failed: another instance held the schema lock for too long");
    }

    public override async Task UnlockSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        try
        {
            await SqlBackend.ExecuteAsync(connection, null, "DO RELEASE_LOCK(@l)", CancellationToken.None, ("l", SchemaLock));
        }
        catch (Exception ex) when (SqlBackend.IsStoreFailure(ex))
        {
            // The lock goes with the session: a broken connection released it.
        }
    }

    public override void AddNotice(DbBatch batch, StoreNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        SqlBackend.AddCommand(
            batch,
            "INSERT INTO g2a_changes (origin, kind, ids, created_at) VALUES (@o, @k, @ids, UTC_TIMESTAMP(3))",
            ("o", notice.Origin), ("k", notice.All ? notice.Kind + ":all" : notice.Kind), ("ids", JsonSerializer.Serialize([.. notice.Ids ?? []], StoreRecordJsonContext.Default.ListString)));
    }

    public override async Task<bool> TryAcquireLeaseAsync(DbConnection connection, string name, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        // Assignments run left to right: the owner first, then the expiry of whoever owns it now.
        const string sql = """
            INSERT INTO g2a_leases (name, owner, expires_at) VALUES (@n, @o, UTC_TIMESTAMP(3) + INTERVAL @us MICROSECOND)
            ON DUPLICATE KEY UPDATE
                owner = IF(owner = VALUES(owner) OR expires_at <= UTC_TIMESTAMP(3), VALUES(owner), owner),
                expires_at = IF(owner = VALUES(owner), VALUES(expires_at), expires_at)
            """;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlBackend.ExecuteAsync(connection, transaction, sql, cancellationToken, ("n", name), ("o", owner), ("us", (long)Math.Ceiling(ttl.TotalMilliseconds) * 1000));
        await using var check = SqlBackend.CreateCommand(connection, transaction, "SELECT owner FROM g2a_leases WHERE name = @n", ("n", name));
        var holder = await check.ExecuteScalarAsync(cancellationToken) as string;
        await transaction.CommitAsync(CancellationToken.None);
        return string.Equals(holder, owner, StringComparison.Ordinal);
    }

    public override async Task RunListenerAsync(SqlBackend backend, Action<bool> connected, Action<StoreNotice> received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var poller = new ChangePoller();
        var first = true;
        var healthy = false;
        var delay = PollInterval;
        var nextPrune = backend.Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await backend.OpenConnectionAsync(cancellationToken);
                if (!healthy)
                {
                    if (first || poller.Last < 0)
                    {
                        await using var start = SqlBackend.CreateCommand(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM g2a_changes");
                        poller.Start(Convert.ToInt64(await start.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
                    }

                    healthy = true;
                    backend.Succeeded();
                    connected(first);
                    first = false;
                }

                var now = backend.Time.GetUtcNow();
                await using (var poll = SqlBackend.CreateCommand(connection, null, "SELECT seq, origin, kind, ids FROM g2a_changes WHERE seq > @from ORDER BY seq LIMIT 1000", ("from", poller.From)))
                await using (var reader = await poll.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var seq = reader.GetInt64(0);
                        if (!poller.Accept(seq, now))
                        {
                            continue;
                        }

                        var kind = reader.GetString(2);
                        var all = kind.EndsWith(":all", StringComparison.Ordinal);
                        received(new StoreNotice(reader.GetString(1), all ? kind[..^4] : kind, all ? [] : ReadIds(reader.GetString(3)), all));
                    }
                }

                poller.Expire(now, GapWatch);
                if (now >= nextPrune)
                {
                    nextPrune = now + PruneEvery;
                    var pruned = await SqlBackend.ExecuteAsync(connection, null, "DELETE FROM g2a_changes WHERE created_at < UTC_TIMESTAMP(3) - INTERVAL @s SECOND", cancellationToken, ("s", (long)ChangeRetention.TotalSeconds));
                    if (pruned > 0)
                    {
                        SqlLog.ChangesPruned(backend.Logger, Kind, pruned);
                    }
                }

                delay = PollInterval;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (SqlBackend.IsStoreFailure(ex) || ex is InvalidOperationException)
            {
                if (healthy)
                {
                    backend.Health.ReportFailure($"{Kind}: the change poll failed: {backend.Explain(ex)}");
                }

                healthy = false;
                delay = TimeSpan.FromMilliseconds(Math.Min(Math.Max(delay.TotalMilliseconds, 500) * 2, 10_000));
                SqlLog.ListenerLost(backend.Logger, Kind, backend.Explain(ex), (long)delay.TotalMilliseconds);
            }

            if (!await backend.WaitToRetryAsync(delay, cancellationToken))
            {
                return;
            }
        }
    }

    private static List<string> ReadIds(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>
/// Which change rows the MySQL poll has seen. AUTO_INCREMENT numbers are taken at insert but become
/// visible at commit, so a lower number can appear after a higher one: a skipped number is watched
/// for a while (a gap) and read when it shows up.
/// </summary>
internal sealed class ChangePoller
{
    private const int MaxGaps = 10_000;
    private readonly Dictionary<long, DateTimeOffset> _gaps = [];

    /// <summary>The highest sequence number seen; -1 before <see cref="Start"/>.</summary>
    public long Last { get; private set; } = -1;

    /// <summary>Where the next poll starts (exclusive): below the oldest open gap.</summary>
    public long From => _gaps.Count == 0 ? Last : Math.Min(Last, _gaps.Keys.Min() - 1);

    /// <summary>Nothing up to <paramref name="last"/> is wanted.</summary>
    public void Start(long last)
    {
        Last = last;
        _gaps.Clear();
    }

    /// <summary>Whether row <paramref name="seq"/> is new (and records the numbers it skipped).</summary>
    public bool Accept(long seq, DateTimeOffset now)
    {
        if (seq <= Last)
        {
            return _gaps.Remove(seq);
        }

        for (var missing = Math.Max(Last + 1, seq - 1000); missing < seq && _gaps.Count < MaxGaps; missing++)
        {
            _gaps[missing] = now;
        }

        Last = seq;
        return true;
    }

    /// <summary>Forgets gaps older than <paramref name="watch"/> (rolled-back or skipped numbers).</summary>
    public void Expire(DateTimeOffset now, TimeSpan watch)
    {
        foreach (var seq in _gaps.Where(g => now - g.Value > watch).Select(g => g.Key).ToList())
        {
            _gaps.Remove(seq);
        }
    }

    /// <summary>Open gaps, for tests.</summary>
    public int GapCount => _gaps.Count;
}
