using System.Data.Common;
using Grok2Api.Storage.Shared;
using Npgsql;

namespace Grok2Api.Storage.Sql;

/// <summary>PostgreSQL: DDL in a transaction under an advisory lock, <c>ON CONFLICT</c> upserts, LISTEN/NOTIFY.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "g2a_notices";

    /// <summary>The advisory lock key of schema migration ("g2a_sql1" as ASCII; below 2^63, so a valid bigint).</summary>
    public const long SchemaLockKey = 0x6732_615F_7371_6C31;

    private static readonly TimeSpan ListenerProbe = TimeSpan.FromSeconds(30);

    public override StorageKind StorageKind => StorageKind.PostgreSql;

    public override string Kind => "pgsql";

    public override string CurrentSchema => "current_schema()";

    public override string CreateMetaTable => "CREATE TABLE IF NOT EXISTS g2a_meta (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)";

    public override IReadOnlyList<string[]> Migrations { get; } =
    [
        [
            CreateTokenTable("id CHAR(16) PRIMARY KEY", "extra TEXT NULL"),
            "CREATE UNIQUE INDEX IF NOT EXISTS g2a_tokens_token ON g2a_tokens (token)",
            "CREATE TABLE IF NOT EXISTS g2a_config (section VARCHAR(64) NOT NULL, key_name VARCHAR(128) NOT NULL, value TEXT NOT NULL, PRIMARY KEY (section, key_name))",
            "CREATE TABLE IF NOT EXISTS g2a_tasks (id VARCHAR(128) PRIMARY KEY, created_at BIGINT NOT NULL, data TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS g2a_tasks_created_at ON g2a_tasks (created_at)",
            "CREATE TABLE IF NOT EXISTS g2a_video_jobs (id VARCHAR(128) PRIMARY KEY, created_at BIGINT NOT NULL, data TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS g2a_video_jobs_created_at ON g2a_video_jobs (created_at)",
            "CREATE TABLE IF NOT EXISTS g2a_leases (name VARCHAR(191) PRIMARY KEY, owner VARCHAR(128) NOT NULL, expires_at TIMESTAMPTZ NOT NULL)",
        ],
        [
            "CREATE TABLE IF NOT EXISTS g2a_responses (id VARCHAR(128) PRIMARY KEY, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, response BYTEA NOT NULL, context BYTEA NOT NULL)",
            "CREATE INDEX IF NOT EXISTS g2a_responses_expires_at ON g2a_responses (expires_at)",
        ],
    ];

    protected override string OnConflict(string keys) => $" ON CONFLICT ({keys}) DO UPDATE SET ";

    protected override string Assign(string column) => $"{column} = EXCLUDED.{column}";

    public override DbDataSource CreateDataSource(StorageUrl url)
    {
        var builder = BuildConnectionString(url);
        if (builder.RootCertificate is { } root)
        {
            // Read now: a wrong path fails at start-up, and the message names the parameter, not the path.
            TrustedCertificates.Load(root, Kind, "sslrootcert");
        }

        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// The driver's settings of a URL. TLS: <c>sslmode</c> (libpq names; see <see cref="SslModeOf"/>) and,
    /// for verify-ca/verify-full, <c>sslrootcert</c>: a PEM file of the CAs to trust instead of the
    /// system's (libpq's <c>sslrootcert=system</c> keeps the system's).
    /// </summary>
    internal static NpgsqlConnectionStringBuilder BuildConnectionString(StorageUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port,
            Username = url.User,
            Password = url.Password,
            Database = url.Database.Length > 0 ? url.Database : null,
            Timeout = url.QuerySeconds("connect_timeout", 5),
            CommandTimeout = url.QuerySeconds("command_timeout", 5),
            Pooling = true,
            ApplicationName = url.QueryValue("application_name") ?? "grok2api",
        };
        if (SslModeOf(url) is { } mode)
        {
            builder.SslMode = mode;
        }

        if (url.QueryValue("sslrootcert") is { Length: > 0 } root && !string.Equals(root, "system", StringComparison.OrdinalIgnoreCase))
        {
            builder.RootCertificate = root;
        }

        return builder;
    }

    /// <summary>The TLS mode the URL asks for: <c>sslmode</c> (libpq names) or asyncpg's <c>ssl</c>; null for the driver default.</summary>
    internal static SslMode? SslModeOf(StorageUrl url)
    {
        var value = (url.QueryValue("sslmode") ?? url.QueryValue("ssl"))?.Trim().ToLowerInvariant();
        return value switch
        {
            null or "" => null,
            "disable" or "false" or "0" or "off" or "no" => SslMode.Disable,
            "allow" => SslMode.Allow,
            "prefer" => SslMode.Prefer,
            "require" or "true" or "1" or "on" or "yes" => SslMode.Require,
            "verify-ca" => SslMode.VerifyCA,
            "verify-full" => SslMode.VerifyFull,
            _ => SslMode.Require,
        };
    }

    public override Task ClearPoolAsync(DbDataSource dataSource)
    {
        ((NpgsqlDataSource)dataSource).Clear();
        return Task.CompletedTask;
    }

    public override async Task<DbTransaction?> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlBackend.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", SchemaLockKey));
        return transaction;
    }

    public override async Task UnlockSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(CancellationToken.None);
            await transaction.DisposeAsync();
        }
    }

    public override void AddNotice(DbBatch batch, StoreNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        SqlBackend.AddCommand(batch, "SELECT pg_notify(@channel, @payload)", ("channel", Channel), ("payload", notice.ToJson()));
    }

    public override async Task<bool> TryAcquireLeaseAsync(DbConnection connection, string name, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO g2a_leases (name, owner, expires_at) VALUES (@n, @o, now() + @ms * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
            WHERE g2a_leases.owner = EXCLUDED.owner OR g2a_leases.expires_at <= now()
            RETURNING owner
            """;
        await using var command = SqlBackend.CreateCommand(connection, null, sql, ("n", name), ("o", owner), ("ms", (double)(long)Math.Ceiling(ttl.TotalMilliseconds)));
        return await command.ExecuteScalarAsync(cancellationToken) is string holder && string.Equals(holder, owner, StringComparison.Ordinal);
    }

    public override async Task RunListenerAsync(SqlBackend backend, Action<bool> connected, Action<StoreNotice> received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var first = true;
        var delay = TimeSpan.FromMilliseconds(500);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await backend.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) =>
                {
                    if (StoreNotice.Parse(e.Payload) is { } notice)
                    {
                        received(notice);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                backend.Succeeded();
                connected(first);
                first = false;
                delay = TimeSpan.FromMilliseconds(500);
                while (true)
                {
                    if (!await connection.WaitAsync(ListenerProbe, cancellationToken))
                    {
                        // Nothing for a while: make sure the connection is still alive.
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteScalarAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (SqlBackend.IsStoreFailure(ex) || ex is InvalidOperationException)
            {
                backend.Health.ReportFailure($"{Kind}: the change listener failed: {backend.Explain(ex)}");
                SqlLog.ListenerLost(backend.Logger, Kind, backend.Explain(ex), (long)delay.TotalMilliseconds);
            }

            if (!await backend.WaitToRetryAsync(delay, cancellationToken))
            {
                return;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
        }
    }
}
