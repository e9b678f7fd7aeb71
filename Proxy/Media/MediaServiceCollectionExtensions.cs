using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the media cache.</summary>
public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Adds the media cache (<c>DATA_DIR/tmp/image</c>, <c>DATA_DIR/tmp/video</c>), its trim at startup and on
    /// <c>cache</c> changes (a hosted service), and what it needs from
    /// the upstream client. Needs the section options registered by <c>AddGrokConfig</c> (or
    /// <c>AddGrokConfigSections</c>) and the registered <c>StorageSettings</c>. Serve the files with <c>endpoints.MapMediaFiles()</c>. Uses TryAdd, so
    /// earlier registrations (tests, fakes) win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGrokMedia(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGrokUpstream();
        services.TryAddSingleton<MediaDirectories>();
        services.TryAddSingleton<AssetDownloader>();
        services.TryAddSingleton<MediaCacheTrimmer>();
        services.TryAddSingleton<MediaCacheAutoTrim>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MediaCacheAutoTrim>(provider => provider.GetRequiredService<MediaCacheAutoTrim>()));
        services.TryAddSingleton<IMediaCache, MediaCache>();
        services.TryAddSingleton<GrokMediaPosts>();
        return services;
    }
}
