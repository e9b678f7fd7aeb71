namespace Grok2Api.Storage;

/// <summary>
/// One place where state lives (<c>SERVER_STORAGE_TYPE</c>): local files, Redis, PostgreSQL or
/// MySQL/MariaDB. Each backend implements every store of the service over its own connection pool;
/// the host registers them, and the <c>migrate</c> command copies between two backends through the
/// same members. Opening a backend connects, then creates or migrates its schema (versioned) so the
/// service never needs a manual step.
/// </summary>
public interface IStorageBackend : IAsyncDisposable
{
    /// <summary>local, redis, pgsql or mysql: the <c>SERVER_STORAGE_TYPE</c> value.</summary>
    string Kind { get; }

    /// <summary>Where it is, for messages: a path, or host, port and database; never a password.</summary>
    string Describe { get; }

    /// <summary>Reachability, for <c>/health</c>.</summary>
    StoreHealth Health { get; }

    /// <summary>Token records.</summary>
    ITokenStore Tokens { get; }

    /// <summary>
    /// Change notices from other instances; null for a store that one instance owns (local).
    /// </summary>
    ITokenChangeFeed? TokenChanges { get; }

    /// <summary>
    /// The config tree. A shared store writes only the keys that changed (per-key upserts and
    /// deletes, never the whole tree over another instance's edit) and fires <c>Watch()</c> when
    /// another instance changed it.
    /// </summary>
    IConfigStore Config { get; }

    /// <summary>Admin batch tasks.</summary>
    IBatchTaskStore Tasks { get; }

    /// <summary>Videos API jobs.</summary>
    IVideoJobRecordStore VideoJobs { get; }

    /// <summary>Stored responses of the Responses API (<c>store: true</c>), each with its own expiry.</summary>
    IResponseRecordStore Responses { get; }

    /// <summary>Leases for run-once work.</summary>
    IStoreLeases Leases { get; }

    /// <summary>
    /// The reader of the original Python project's data in the same server (its Redis keys or SQL
    /// tables), which the first start imports (<see cref="Seeding.StoreSeeder"/>); null for local
    /// storage, whose files the original shared.
    /// </summary>
    IOriginalStoreReader? Original { get; }

    /// <summary>
    /// Connects and brings the schema to the current version (creating it on an empty store).
    /// Bounded by the backend's connect timeout.
    /// </summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <exception cref="StoreUnavailableException">The store cannot be reached or refuses the credentials.</exception>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the store was seeded already (from <c>DATA_DIR</c> or by <c>migrate</c>). A store
    /// is seeded once: an operator who deletes every token does not get them back at the next start.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<bool> IsSeededAsync(CancellationToken cancellationToken);

    /// <summary>Records that the store was seeded.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task MarkSeededAsync(CancellationToken cancellationToken);
}
