using Grok2Api.Proxy.Images.Edits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps image edits: <c>POST /v1/images/edits</c> and the chat edit model.</summary>
internal static class ImageEditServiceCollectionExtensions
{
    public static IServiceCollection AddGrokImageEdits(this IServiceCollection services)
    {
        services.TryAddSingleton<ImageEdits>();
        services.TryAddSingleton<ImageEditHandler>();
        services.TryAddSingleton<ImageEditChat>();
        return services;
    }

    public static IEndpointRouteBuilder MapImageEdits(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/images/edits", (HttpContext context, ImageEditHandler handler) => handler.HandleAsync(context));
        return endpoints;
    }
}
