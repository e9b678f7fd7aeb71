using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// A SQL store: every store of the service in <c>g2a_*</c> tables over one connection pool. The
/// logic is <see cref="SqlBackend"/>'s; a <see cref="SqlDialect"/> supplies what the databases do
/// differently (<see cref="PostgresStorageBackend"/>, <see cref="MySqlStorageBackend"/>).
/// </summary>
public abstract class SqlStorageBackend : IStorageBackend
{
    private readonly SqlBackend _core;

    private protected SqlStorageBackend(SqlDialect dialect, string connectionUrl, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _core = new SqlBackend(dialect, connectionUrl, instance, time, loggerFactory);
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
    public IResponseRecordStore Responses => _core.Responses;

    /// <inheritdoc />
    public IStoreLeases Leases => _core.Leases;

    /// <inheritdoc />
    public IOriginalStoreReader? Original => _core.Original;

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => _core.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsSeededAsync(CancellationToken cancellationToken) => _core.IsSeededAsync(cancellationToken);

    /// <inheritdoc />
    public Task MarkSeededAsync(CancellationToken cancellationToken) => _core.MarkSeededAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _core.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
