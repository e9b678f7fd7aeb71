using Grok2Api.TokenPool;
using Grok2Api.TokenPool.Accounts;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Sync;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the token pool.</summary>
public static class TokenPoolServiceCollectionExtensions
{
    /// <summary>
    /// Adds the in-memory token pool: <see cref="ITokenSelector"/>, <see cref="ITokenRegistry"/>,
    /// <see cref="ITokenPoolOverview"/>,
    /// <see cref="ITokenRefresher"/>, <see cref="ITokenAccountRecorder"/>, <see cref="ITokenPoolInitializer"/>, the pool as the
    /// <see cref="ITokenSnapshotSource"/> of the write-behind, the refresh scheduler (a hosted
    /// service), the metrics and <see cref="TimeProvider.System"/>. Every registration is a TryAdd.
    /// </summary>
    /// <remarks>
    /// The host provides <c>IOptionsMonitor&lt;TokenSection&gt;</c> and <c>IOptionsMonitor&lt;UsageSection&gt;</c>
    /// (<c>AddGrokConfig</c> registers them), <see cref="ITokenStore"/>,
    /// <see cref="ITokenWriteBehind"/> and <see cref="ITokenQuotaClient"/>, and awaits
    /// <see cref="ITokenPoolInitializer.InitializeAsync"/> before serving.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGrokTokenPool(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomFactory, RandomFactory>();
        services.TryAddSingleton<TokenPoolState>();
        services.TryAddSingleton<TokenPoolMetrics>();
        services.TryAddSingleton<ITokenSnapshotSource>(sp => sp.GetRequiredService<TokenPoolState>());
        services.TryAddSingleton<ITokenPoolInitializer, TokenPoolInitializer>();
        services.TryAddSingleton<ITokenSelector, TokenSelector>();
        services.TryAddSingleton<ITokenRegistry, TokenRegistry>();
        services.TryAddSingleton<ITokenPoolOverview, TokenPoolOverview>();
        services.TryAddSingleton<TokenSyncRunner>();
        services.TryAddSingleton<TokenRefresher>();
        services.TryAddSingleton<TokenRefreshNudge>();
        services.TryAddSingleton<ITokenRefresher>(sp => sp.GetRequiredService<TokenRefresher>());
        services.TryAddSingleton<ITokenAccountRecorder, TokenAccountRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TokenRefreshScheduler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TokenStoreSync>());
        return services;
    }
}
