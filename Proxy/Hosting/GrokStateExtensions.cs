using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Seeding;
using Grok2Api.TokenPool;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Wires where state lives: the storage backend (local files under the DATA_DIR lock, or a shared
/// store opened, and seeded from DATA_DIR once), the live config, token persistence, the token pool
/// and the upstream client. Every operator mistake found here becomes a <see cref="StartupException"/>.
/// </summary>
internal static partial class GrokStateExtensions
{
    /// <summary>How long opening a shared store (connect, schema) may take at startup.</summary>
    internal static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    /// <returns>What the state holds open (the DATA_DIR lock, the backend, the config watcher), for the caller to release if startup fails later.</returns>
    public static async Task<IAsyncDisposable> AddGrokStateAsync(
        this WebApplicationBuilder builder, HostSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var storage = settings.Storage;
        var leases = StoreLeaseSettings.Read(builder.Configuration);
        var time = TimeProvider.System;
        var instance = new StoreInstance();

        // Local storage is single-instance: the DATA_DIR lock guards the files. A shared store has no
        // such lock (DATA_DIR then holds only the media cache and the logs).
        var dataLock = storage.Kind == StorageKind.Local ? AcquireDataDirectory(storage.DataDirectory) : null;
        var resources = new StartupResources(dataLock);
        try
        {
            var backend = CreateBackend(storage, instance, time, loggerFactory);
            var lifetime = new StorageBackendLifetime(backend);
            resources.Backend = lifetime;
            await OpenAsync(backend, cancellationToken);
            if (storage.Kind != StorageKind.Local)
            {
                await SeedAsync(backend, storage, instance, leases, time, loggerFactory, cancellationToken);
            }

            // Reading and parsing the tokens (about a second for 100,000 in token.json) needs only the open
            // store: it runs on a second core while the config loads and the host is built, and the pool
            // initializer awaits it before anything serves (docs/adr/0019-token-load-overlaps-host-building.md).
            var preload = TokenPreload.Start(backend.Tokens, cancellationToken);
            resources.Preload = preload;
            builder.Services.AddSingleton(preload);

            var config = await LiveConfig.LoadAsync(backend.Config, loggerFactory.CreateLogger<LiveConfig>(), cancellationToken);
            resources.Config = config;

            // Keys from the environment (containers) replace the stored ones in what the service reads, and are never written back.
            builder.Services.AddGrokConfig(config, new AppKeyOverrides(builder.Configuration["GROK2API_APP_KEY"], builder.Configuration["GROK2API_API_KEY"]));
            if (dataLock is not null)
            {
                // Registered through a factory so the container owns it and releases the lock when the host is disposed.
                builder.Services.AddSingleton(_ => dataLock);
            }

            // The container disposes the lifetime (closing the backend) after the hosted services stopped.
            builder.Services.AddSingleton(_ => lifetime);
            builder.Services.AddSingleton(storage);
            builder.Services.AddStoreLeaseOptions(leases);
            builder.Services
                .AddStorageBackend(backend, instance)
                .AddTokenWriteBehind()
                .AddGrokTokenPool()
                .AddGrokUpstream();
            Log.StorageReady(loggerFactory.CreateLogger("Grok2Api.Startup"), backend.Kind, backend.Describe, instance.Id);
            return resources;
        }
        catch (ConfigFormatException ex)
        {
            await resources.DisposeAsync();
            throw new StartupException(ex.Message, ex);
        }
        catch (TokenFileFormatException ex)
        {
            await resources.DisposeAsync();
            throw new StartupException(ex.Message, ex);
        }
        catch (StoreUnavailableException ex)
        {
            await resources.DisposeAsync();
            throw new StartupException($"SERVER_STORAGE_TYPE={StorageBackends.KindName(storage.Kind)}: {ex.Message}", ex);
        }
        catch
        {
            await resources.DisposeAsync();
            throw;
        }
    }

    public static async Task InitializeGrokStateAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        // Resolved now, so the container owns them from here on: the lock first, so it is released last.
        if (app.Services.GetRequiredService<StorageSettings>().Kind == StorageKind.Local)
        {
            _ = app.Services.GetRequiredService<DataDirectoryLock>();
        }

        _ = app.Services.GetRequiredService<StorageBackendLifetime>();

        try
        {
            await app.Services.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(cancellationToken);
        }
        catch (TokenFileFormatException ex)
        {
            throw new StartupException(ex.Message, ex);
        }
        catch (StoreUnavailableException ex)
        {
            throw new StartupException($"The tokens could not be loaded: {ex.Message}", ex);
        }

        // The o200k tokenizer (usage counts) takes half a second of CPU and about 40 MiB of allocations to load. It
        // is loaded in the background once the service is up, not in the start that the health check waits
        // for: on a small machine it would share the cores with the token load and the host's start
        // (docs/adr/0019). A chat that comes before it is ready waits for it.
        app.Lifetime.ApplicationStarted.Register(static () =>
            ThreadPool.QueueUserWorkItem(static _ => Grok2Api.Transforms.OpenAi.Chat.ChatTokenCounter.Load()));
    }

    private static IStorageBackend CreateBackend(StorageSettings storage, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        try
        {
            return StorageBackends.Create(storage, instance, time, loggerFactory);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            // The URL parser's messages never hold the password.
            throw new StartupException($"SERVER_STORAGE_URL cannot be used: {ex.Message}", ex);
        }
    }

    private static async Task OpenAsync(IStorageBackend backend, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OpenTimeout);
        try
        {
            await backend.OpenAsync(timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StartupException(
                $"SERVER_STORAGE_TYPE={backend.Kind}: the store at {backend.Describe} did not answer within {OpenTimeout.TotalSeconds:0} s.", ex);
        }
        catch (StoreUnavailableException ex)
        {
            throw new StartupException($"SERVER_STORAGE_TYPE={backend.Kind}: the store at {backend.Describe} cannot be used: {ex.Message}", ex);
        }
    }

    private static async Task SeedAsync(
        IStorageBackend backend, StorageSettings storage, StoreInstance instance, StoreLeaseOptions leases,
        TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await using var files = new LocalStorageBackend(storage with { Kind = StorageKind.Local, ConnectionUrl = "" }, instance, time, loggerFactory);
        try
        {
            await StoreSeeder.SeedOnceAsync(files, backend, leases.Ttl, time, loggerFactory.CreateLogger(typeof(StoreSeeder).FullName!), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            throw new StartupException($"SERVER_STORAGE_TYPE={backend.Kind}: seeding the store at {backend.Describe} (from the original project's data there, or from DATA_DIR) failed: {ex.Message}", ex);
        }
    }

    private static DataDirectoryLock AcquireDataDirectory(string dataDirectory)
    {
        try
        {
            return DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (DataDirectoryLockedException ex)
        {
            throw new StartupException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DATA_DIR '{dataDirectory}' cannot be used: {ex.Message}", ex);
        }
    }

    private sealed class StartupResources(DataDirectoryLock? dataLock) : IAsyncDisposable
    {
        public StorageBackendLifetime? Backend { get; set; }

        public LiveConfig? Config { get; set; }

        public TokenPreload? Preload { get; set; }

        public async ValueTask DisposeAsync()
        {
            Config?.Dispose();

            // The store is closed and DATA_DIR released only once nothing reads them any more.
            if (Preload is not null)
            {
                await Preload.WhenEnded;
            }

            if (Backend is not null)
            {
                await Backend.DisposeAsync();
            }

            dataLock?.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StorageReady, EventName = "StorageReady", Level = LogLevel.Information,
            Message = "State lives in the {Kind} store at {Where}; this instance is {Instance}")]
        public static partial void StorageReady(ILogger logger, string kind, string where, string instance);
    }
}
