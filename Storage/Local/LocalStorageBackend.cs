using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The files under <c>DATA_DIR</c> as a storage backend: <c>token.json</c>, <c>config.toml</c>,
/// <c>tasks.json</c>, <c>video_jobs.json</c> and <c>responses/</c>. One instance owns them, so there are no change
/// notices and every lease is granted. The backend does not take the <c>DATA_DIR</c> lock: the host
/// (or the <c>migrate</c> command) holds it while the backend is in use.
/// </summary>
public sealed class LocalStorageBackend : IStorageBackend
{
    private readonly LocalTokenStore _tokens;
    private readonly LocalConfigStore _config;
    private readonly LocalBatchTaskStore _tasks;
    private readonly LocalVideoJobStore _videoJobs;
    private readonly LocalResponseStore _responses;
    private int _disposed;

    /// <summary>Creates the backend over the files of <paramref name="settings"/>' data directory.</summary>
    /// <param name="settings">The storage settings; only the data directory is used.</param>
    /// <param name="instance">This process (unused: the local store has one instance).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Loggers of the stores.</param>
    public LocalStorageBackend(StorageSettings settings, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        DataDirectory = Path.GetFullPath(settings.DataDirectory);
        var local = settings with { DataDirectory = DataDirectory };
        _tokens = new LocalTokenStore(local, time, loggerFactory.CreateLogger<LocalTokenStore>());
        _config = new LocalConfigStore(DataDirectory, loggerFactory.CreateLogger<LocalConfigStore>(), time, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        _tasks = new LocalBatchTaskStore(local, loggerFactory.CreateLogger<LocalBatchTaskStore>());
        _videoJobs = new LocalVideoJobStore(DataDirectory, loggerFactory.CreateLogger<LocalVideoJobStore>());
        _responses = new LocalResponseStore(DataDirectory, loggerFactory.CreateLogger<LocalResponseStore>());
        Health = new StoreHealth(Kind, time);
    }

    /// <summary>The absolute path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <inheritdoc />
    public string Kind => "local";

    /// <inheritdoc />
    public string Describe => DataDirectory;

    /// <inheritdoc />
    /// <remarks>Always reachable: a failing disk shows in the failed writes and the logs.</remarks>
    public StoreHealth Health { get; }

    /// <inheritdoc />
    public ITokenStore Tokens => _tokens;

    /// <inheritdoc />
    /// <remarks>Always null: one instance owns the files.</remarks>
    public ITokenChangeFeed? TokenChanges => null;

    /// <inheritdoc />
    public IConfigStore Config => _config;

    /// <inheritdoc />
    public IBatchTaskStore Tasks => _tasks;

    /// <inheritdoc />
    public IVideoJobRecordStore VideoJobs => _videoJobs;

    /// <inheritdoc />
    /// <remarks>One file per response under <c>responses/</c> (<see cref="LocalResponseStore"/>).</remarks>
    public IResponseRecordStore Responses => _responses;

    /// <inheritdoc />
    public IStoreLeases Leases { get; } = new LocalLeases();

    /// <inheritdoc/>
    /// <remarks>The original's <c>DATA_DIR</c> files are this store's own files: there is nothing else to read.</remarks>
    public IOriginalStoreReader? Original => null;

    /// <inheritdoc />
    /// <remarks>Nothing to connect to; the files are created on the first write.</remarks>
    public Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Always true: the files are the source a shared store is seeded from.</remarks>
    public Task<bool> IsSeededAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    /// <remarks>Nothing to record.</remarks>
    public Task MarkSeededAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _tokens.Dispose();
            _config.Dispose();
            _tasks.Dispose();
            _videoJobs.Dispose();
            _responses.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
