using Grok2Api.Configuration;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// The MySQL or MariaDB store (<c>SERVER_STORAGE_TYPE=mysql</c>): every store of the service in <c>g2a_*</c>
/// tables over one connection pool, sharing its logic with the other SQL backend.
/// </summary>
public sealed class MySqlStorageBackend : IStorageBackend
{
    private readonly SqlBackend _core;

    /// <summary>Creates the backend; nothing is connected before <see cref="OpenAsync"/>.</summary>
    /// <param name="connectionUrl">The <c>SERVER_STORAGE_URL</c> value.</param>
    /// <param name="instance">This instance (lease owner, notice origin).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <exception cref="ArgumentException">The URL does not parse (the message never holds the password).</exception>
    public MySqlStorageBackend(string connectionUrl, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _core = new SqlBackend(new MySqlDialect(), connectionUrl, instance, time, loggerFactory);
    }

    /// <inheritdoc />
    public string Kind => _core.Kind;

    /// <inheritdoc />
    public string Describe => _core.Describe;

    /// <inheritdoc />
    public StoreHealth Health => _core.Health;

    /// <inheritdoc />
    public ITokenStore Tokens => _core.Tokens;

    /// <inheritdoc />
    public ITokenChangeFeed? TokenChanges => _core.Notices;

    /// <inheritdoc />
    public IConfigStore Config => _core.Config;

    /// <inheritdoc />
    public IBatchTaskStore Tasks => _core.Tasks;

    /// <inheritdoc />
    public IVideoJobRecordStore VideoJobs => _core.VideoJobs;

    /// <inheritdoc />
    public IStoreLeases Leases => _core.Leases;

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => _core.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsSeededAsync(CancellationToken cancellationToken) => _core.IsSeededAsync(cancellationToken);

    /// <inheritdoc />
    public Task MarkSeededAsync(CancellationToken cancellationToken) => _core.MarkSeededAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
