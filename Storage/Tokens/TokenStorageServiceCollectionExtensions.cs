using Grok2Api.Storage;
using Grok2Api.Storage.Local;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers token persistence.</summary>
public static class TokenStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITokenWriteBehind"/> as a singleton that is also a hosted service, so host
    /// shutdown writes every pending token change. Needs an <see cref="ITokenStore"/> and
    /// <c>IOptionsMonitor&lt;TokenSection&gt;</c>; uses <see cref="TimeProvider.System"/> unless another
    /// <see cref="TimeProvider"/> is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddTokenWriteBehind(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenWriteBehind>();
        services.TryAddSingleton<ITokenWriteBehind>(sp => sp.GetRequiredService<TokenWriteBehind>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TokenWriteBehind>(sp => sp.GetRequiredService<TokenWriteBehind>()));
        return services;
    }

    /// <summary>
    /// Registers the local <see cref="ITokenStore"/> over <c>DATA_DIR/token.json</c>. Needs a
    /// registered <see cref="Grok2Api.Storage.StorageSettings"/>. The host must also hold a
    /// <see cref="DataDirectoryLock"/> on the data directory: local storage is single-instance.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLocalTokenStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITokenStore, LocalTokenStore>();
        return services;
    }

    /// <summary>
    /// Registers the local <see cref="IBatchTaskStore"/> over <c>DATA_DIR/tasks.json</c> (the admin batch
    /// tasks). Needs a registered <see cref="Grok2Api.Storage.StorageSettings"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLocalBatchTaskStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IBatchTaskStore, LocalBatchTaskStore>();
        return services;
    }

    /// <summary>
    /// Registers the stores of an opened <paramref name="backend"/>: <see cref="IStorageBackend"/>, its
    /// <see cref="StoreHealth"/>, <see cref="ITokenStore"/>, <see cref="ITokenChangeFeed"/> (only when the
    /// backend has one), <see cref="IBatchTaskStore"/>, <see cref="IVideoJobRecordStore"/>, <see cref="Grok2Api.Storage.Responses.IResponseRecordStore"/> and
    /// <see cref="IStoreLeases"/>, plus <paramref name="instance"/>. They are registered as instances: the
    /// container does not dispose them; whoever opened the backend disposes it (after the write-behind flushed).
    /// Each is a TryAdd, so a service registered before (a test's seam) is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="backend">The opened backend.</param>
    /// <param name="instance">This process among the instances sharing the store.</param>
    public static IServiceCollection AddStorageBackend(this IServiceCollection services, IStorageBackend backend, StoreInstance instance)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(instance);
        // TryAdd: a registration made before (a test's own seam) is kept.
        services.TryAddSingleton(instance);
        services.TryAddSingleton(backend);
        services.TryAddSingleton(backend.Health);
        services.TryAddSingleton(backend.Tokens);
        if (backend.TokenChanges is { } feed)
        {
            services.TryAddSingleton(feed);
        }

        services.TryAddSingleton(backend.Tasks);
        services.TryAddSingleton(backend.VideoJobs);
        services.TryAddSingleton(backend.Responses);
        services.TryAddSingleton(backend.Leases);
        return services;
    }
}
