using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers attachment loading and uploading.</summary>
public static class AttachmentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the attachment loader (data URIs, own <c>/v1/files</c> links, guarded URL fetches) and the
    /// upload-file client, with the media cache and upstream client they use. Needs
    /// the section options registered by <c>AddGrokConfig</c> (or <c>AddGrokConfigSections</c>) and the
    /// registered <c>StorageSettings</c>. Uses TryAdd, so
    /// earlier registrations (tests, fakes) win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGrokAttachments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGrokMedia();
        services.TryAddSingleton<FetchGuard>();
        services.TryAddSingleton<AttachmentFetcher>();
        services.TryAddSingleton<IAttachmentLoader, AttachmentLoader>();
        services.TryAddSingleton<IGrokFileUploader, GrokFileUploader>();
        services.TryAddSingleton<GrokMediaClients>();
        return services;
    }
}
