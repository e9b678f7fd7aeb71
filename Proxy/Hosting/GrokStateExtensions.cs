using Grok2Api.Storage;
using Grok2Api.Storage.Local;
using Grok2Api.TokenPool;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Wires where state lives: the DATA_DIR lock, the live config, token persistence, the token pool
/// and the upstream client. Every operator mistake found here becomes a <see cref="StartupException"/>.
/// </summary>
internal static class GrokStateExtensions
{
    /// <returns>What the state holds open (the DATA_DIR lock, the config watcher), for the caller to release if startup fails later.</returns>
    public static async Task<IDisposable> AddGrokStateAsync(
        this WebApplicationBuilder builder, HostSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var storage = settings.Storage;
        if (storage.Kind != StorageKind.Local)
        {
            throw new StartupException(
                $"SERVER_STORAGE_TYPE={builder.Configuration["SERVER_STORAGE_TYPE"]} is recognised, but shared storage is not available in this version yet; use local.");
        }

        var dataLock = AcquireDataDirectory(storage.DataDirectory);
        LiveConfig config;
        try
        {
            var store = new LocalConfigStore(storage.DataDirectory, loggerFactory.CreateLogger<LocalConfigStore>());
            config = await LiveConfig.LoadAsync(store, loggerFactory.CreateLogger<LiveConfig>(), cancellationToken);
            // Keys from the environment (containers) replace the file's in what the service reads, and are never written back.
            builder.Services.AddGrokConfig(config, new AppKeyOverrides(builder.Configuration["GROK2API_APP_KEY"], builder.Configuration["GROK2API_API_KEY"]));
        }
        catch (ConfigFormatException ex)
        {
            dataLock.Dispose();
            throw new StartupException(ex.Message, ex);
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }

        // Registered through a factory so the container owns it and releases the lock when the host is disposed.
        builder.Services.AddSingleton(_ => dataLock);
        builder.Services.AddSingleton(storage);
        builder.Services
            .AddLocalTokenStore()
            .AddLocalBatchTaskStore()
            .AddTokenWriteBehind()
            .AddGrokTokenPool()
            .AddGrokUpstream();
        return new StartupResources(dataLock, config);
    }

    public static async Task InitializeGrokStateAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        _ = app.Services.GetRequiredService<DataDirectoryLock>();

        // The o200k tokenizer (usage counts) takes a moment to load: do it beside startup, not in the first request.
        ThreadPool.QueueUserWorkItem(static _ => Grok2Api.Transforms.OpenAi.Chat.ChatTokenCounter.Load());
        try
        {
            await app.Services.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(cancellationToken);
        }
        catch (TokenFileFormatException ex)
        {
            throw new StartupException(ex.Message, ex);
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

    private sealed class StartupResources(DataDirectoryLock dataLock, LiveConfig config) : IDisposable
    {
        public void Dispose()
        {
            config.Dispose();
            dataLock.Dispose();
        }
    }
}
