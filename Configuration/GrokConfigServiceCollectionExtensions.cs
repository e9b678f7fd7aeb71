using Grok2Api.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the live configuration.</summary>
public static class GrokConfigServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="config"/> as <see cref="IOptionsMonitor{TOptions}"/> and
    /// <see cref="IOptions{TOptions}"/> of <see cref="GrokConfig"/>, every section as its own options
    /// (<see cref="AddGrokConfigSections"/>), <paramref name="config"/> as <see cref="IConfigEditor"/>,
    /// and a hosted service that follows edits of the stored config until shutdown.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The config loaded by <see cref="LiveConfig.LoadAsync"/>.</param>
    /// <param name="overrides">Keys given outside config.toml, applied to <see cref="AppSection"/>; null for none.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGrokConfig(this IServiceCollection services, LiveConfig config, AppKeyOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        if (overrides is not null && !ReferenceEquals(overrides, AppKeyOverrides.None))
        {
            AddSection(services, grok => overrides.Apply(grok.App));
        }

        services.TryAddSingleton(config);
        services.TryAddSingleton<IOptionsMonitor<GrokConfig>>(config);
        services.TryAddSingleton<IOptions<GrokConfig>>(new LiveOptions<GrokConfig>(config));
        services.TryAddSingleton<IConfigEditor>(config);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConfigWatchService>());
        return services.AddGrokConfigSections();
    }

    /// <summary>
    /// Registers <see cref="IOptionsMonitor{TOptions}"/> and <see cref="IOptions{TOptions}"/> of every
    /// section of <see cref="GrokConfig"/> (<see cref="AppSection"/>, <see cref="ChatSection"/> and so
    /// on), each read from the registered <c>IOptionsMonitor&lt;GrokConfig&gt;</c> at every use. A
    /// section's <c>OnChange</c> listeners are called only when that section changed. Uses TryAdd, so
    /// a registration made before wins.
    /// </summary>
    /// <param name="services">The services; <c>IOptionsMonitor&lt;GrokConfig&gt;</c> must be registered before the first resolve.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGrokConfigSections(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddSection(services, config => config.App);
        AddSection(services, config => config.Proxy);
        AddSection(services, config => config.Voice);
        AddSection(services, config => config.Chat);
        AddSection(services, config => config.Video);
        AddSection(services, config => config.Retry);
        AddSection(services, config => config.Image);
        AddSection(services, config => config.Token);
        AddSection(services, config => config.Cache);
        AddSection(services, config => config.Asset);
        AddSection(services, config => config.Nsfw);
        AddSection(services, config => config.Usage);
        AddSection(services, config => config.Upstream);
        AddSection(services, config => config.Responses);
        AddSection(services, config => config.ModelAlias);
        AddSection(services, config => config.Public);
        return services;
    }

    private static void AddSection<TSection>(IServiceCollection services, Func<GrokConfig, TSection> select)
        where TSection : class
    {
        services.TryAddSingleton<IOptionsMonitor<TSection>>(provider => new ConfigSectionMonitor<TSection>(
            provider.GetRequiredService<IOptionsMonitor<GrokConfig>>(),
            select,
            provider.GetService<ILogger<LiveConfig>>() ?? NullLogger<LiveConfig>.Instance));
        services.TryAddSingleton<IOptions<TSection>>(
            provider => new LiveOptions<TSection>(provider.GetRequiredService<IOptionsMonitor<TSection>>()));
    }
}
