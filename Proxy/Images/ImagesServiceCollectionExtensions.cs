using Grok2Api.Proxy.Images;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps image generation: <c>POST /v1/images/generations</c> and <c>grok-imagine-1.0</c> through chat.</summary>
internal static class ImagesServiceCollectionExtensions
{
    public static IServiceCollection AddGrokImages(this IServiceCollection services)
    {
        services.TryAddSingleton<IImagineConnector, ImagineConnector>();
        services.TryAddSingleton<ImagineGenerations>();
        services.TryAddSingleton<ImageGenerationsHandler>();
        services.TryAddSingleton<ImagineChat>();
        return services;
    }

    public static IEndpointRouteBuilder MapImageGenerations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/images/generations", (HttpContext context, ImageGenerationsHandler handler) => handler.HandleAsync(context));
        return endpoints;
    }
}
