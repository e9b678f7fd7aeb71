using System.Data.Common;
using Grok2Api.Storage.Shared;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// What differs between PostgreSQL and MySQL/MariaDB under the shared ADO.NET core
/// (<see cref="SqlBackend"/>): the connection pool, the schema steps and their lock, the upsert
/// syntax, the lease statement and how change notices travel.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>pgsql or mysql: the <c>SERVER_STORAGE_TYPE</c> value, also the prefix of every failure message.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// The SQL expression naming where the connection's unqualified tables are
    /// (<c>information_schema</c>'s <c>table_schema</c>): the schema in PostgreSQL, the database in MySQL.
    /// </summary>
    public abstract string CurrentSchema { get; }

    /// <summary>The storage kind whose URLs this dialect accepts.</summary>
    public abstract StorageKind StorageKind { get; }

    /// <summary>The pooled data source for <paramref name="url"/> (5 s connect and command timeouts unless the URL says otherwise).</summary>
    public abstract DbDataSource CreateDataSource(StorageUrl url);

    /// <summary>Drops the idle connections of <paramref name="dataSource"/> (after a failure they may all be broken, e.g. by a server restart).</summary>
    public abstract Task ClearPoolAsync(DbDataSource dataSource);

    /// <summary>The numbered schema steps: step <c>i + 1</c> is <c>Migrations[i]</c>, its statements run in order.</summary>
    public abstract IReadOnlyList<string[]> Migrations { get; }

    /// <summary>
    /// The first schema step's <c>g2a_tokens</c> table: the columns <see cref="SqlTokenStore"/> reads and
    /// writes, with the dialect's primary key and large-text column.
    /// </summary>
    /// <param name="idColumn">The definition of the <c>id</c> column.</param>
    /// <param name="extraColumn">The definition of the <c>extra</c> column.</param>
    private protected static string CreateTokenTable(string idColumn, string extraColumn) => $"""
        CREATE TABLE IF NOT EXISTS g2a_tokens (
            {idColumn},
            token VARCHAR(1024) NOT NULL,
            pool VARCHAR(64) NOT NULL,
            status VARCHAR(16) NOT NULL,
            quota BIGINT NOT NULL DEFAULT 0,
            use_count BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NULL,
            last_used_at BIGINT NULL,
            fail_count BIGINT NOT NULL DEFAULT 0,
            last_fail_at BIGINT NULL,
            last_fail_reason TEXT NULL,
            last_sync_at BIGINT NULL,
            tags TEXT NOT NULL,
            note TEXT NOT NULL,
            last_asset_clear_at BIGINT NULL,
            {extraColumn})
        """;

    /// <summary>The statement creating the meta table (before the version can be read).</summary>
    public abstract string CreateMetaTable { get; }

    /// <summary>
    /// Takes the database lock that serialises schema migration on <paramref name="connection"/>;
    /// returns the transaction the migration runs in, if the dialect uses one.
    /// </summary>
    public abstract Task<DbTransaction?> LockSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Ends the migration: commits the transaction or releases the lock.</summary>
    public abstract Task UnlockSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a whole token row; parameters as <see cref="SqlTokenStore"/> names them (<c>@</c> and the column).</summary>
    public string UpsertToken => field ??= Upsert("g2a_tokens", 1, [.. SqlTokenStore.Columns.Split(", ").Select(c => (c, "@" + c))]);

    /// <summary>Inserts or replaces <c>g2a_config(section, key_name, value)</c> from @s, @k, @v.</summary>
    public string UpsertConfig => field ??= Upsert("g2a_config", 2, ("section", "@s"), ("key_name", "@k"), ("value", "@v"));

    /// <summary>Inserts or replaces <c>g2a_meta(name, value)</c> from @n, @v.</summary>
    public string UpsertMeta => field ??= Upsert("g2a_meta", 1, ("name", "@n"), ("value", "@v"));

    /// <summary>Inserts or replaces a record (id, created_at, data) from @id, @c, @d in <paramref name="table"/>.</summary>
    /// <param name="table">The table of the records.</param>
    public string UpsertRecord(string table) => Upsert(table, 1, ("id", "@id"), ("created_at", "@c"), ("data", "@d"));

    /// <summary>Inserts or replaces a <c>g2a_responses</c> row from @id, @c (created_at), @e (expires_at), @r (response), @x (context).</summary>
    public string UpsertResponse =>
        field ??= Upsert("g2a_responses", 1, ("id", "@id"), ("created_at", "@c"), ("expires_at", "@e"), ("response", "@r"), ("context", "@x"));

    /// <summary>The dialect's clause between an insert and its assignments, with its spaces, for a row whose <paramref name="keys"/> are taken.</summary>
    /// <param name="keys">The key columns, comma-separated.</param>
    protected abstract string OnConflict(string keys);

    /// <summary>The dialect's assignment of <paramref name="column"/> from the row that was to be inserted.</summary>
    /// <param name="column">The column.</param>
    protected abstract string Assign(string column);

    // Every upsert: each column inserted from its parameter and, when the key (the first keyCount
    // columns) is taken, every other column set from the inserted row.
    private string Upsert(string table, int keyCount, params ReadOnlySpan<(string Column, string Parameter)> columns)
    {
        var names = new string[columns.Length];
        var parameters = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            (names[i], parameters[i]) = columns[i];
        }

        return $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", parameters)})"
            + OnConflict(string.Join(", ", names[..keyCount]))
            + string.Join(", ", names[keyCount..].Select(Assign));
    }

    /// <summary>Adds to <paramref name="batch"/> the statement that announces <paramref name="notice"/> when the transaction commits.</summary>
    public abstract void AddNotice(DbBatch batch, StoreNotice notice);

    /// <summary>Takes or renews a lease by the database clock; true when <paramref name="owner"/> holds it afterwards.</summary>
    public abstract Task<bool> TryAcquireLeaseAsync(DbConnection connection, string name, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Receives other instances' notices until cancelled, never throwing for outages: calls
    /// <paramref name="connected"/> (true the first time) whenever it starts receiving, and
    /// <paramref name="received"/> for each notice.
    /// </summary>
    public abstract Task RunListenerAsync(SqlBackend backend, Action<bool> connected, Action<StoreNotice> received, CancellationToken cancellationToken);
}
