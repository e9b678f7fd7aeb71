using Grok2Api.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the live configuration.</summary>
public static class GrokConfigServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="config"/> as <see cref="IOptionsMonitor{TOptions}"/> and
    /// <see cref="IOptions{TOptions}"/> of <see cref="GrokConfig"/>, as <see cref="IConfigEditor"/>,
    /// and a hosted service that follows edits of the stored config until shutdown.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The config loaded by <see cref="LiveConfig.LoadAsync"/>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGrokConfig(this IServiceCollection services, LiveConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.TryAddSingleton(config);
        services.TryAddSingleton<IOptionsMonitor<GrokConfig>>(config);
        services.TryAddSingleton<IOptions<GrokConfig>>(new LiveConfigOptions(config));
        services.TryAddSingleton<IConfigEditor>(config);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigWatchService>());
        return services;
    }
}
