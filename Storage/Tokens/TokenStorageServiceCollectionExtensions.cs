using Grok2Api.Storage.Local;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
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
}
