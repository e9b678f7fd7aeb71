using Grok2Api.Proxy.Responses;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the OpenAI Responses API: <c>POST /v1/responses</c> and the stored-response routes.</summary>
internal static class ResponsesServiceCollectionExtensions
{
    /// <summary>Adds the handler; needs <c>AddGrokChat</c> (the request gate, the pipeline, the conversations) and <c>AddGrokAttachments</c>.</summary>
    public static IServiceCollection AddGrokResponses(this IServiceCollection services)
    {
        services.TryAddSingleton<ResponsesHandler>();
        services.TryAddSingleton<ResponseStorePurger>();
        services.AddHostedService(sp => sp.GetRequiredService<ResponseStorePurger>());
        return services;
    }

    /// <summary>Maps <c>POST /v1/responses</c>, <c>GET</c> and <c>DELETE /v1/responses/{id}</c> and <c>GET /v1/responses/{id}/input_items</c>.</summary>
    public static IEndpointRouteBuilder MapResponses(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/responses", (HttpContext context, ResponsesHandler handler) => handler.CreateAsync(context));
        endpoints.MapGet("/v1/responses/{id}", (HttpContext context, string id, ResponsesHandler handler) => handler.GetAsync(context, id));
        endpoints.MapDelete("/v1/responses/{id}", (HttpContext context, string id, ResponsesHandler handler) => handler.DeleteAsync(context, id));
        endpoints.MapGet("/v1/responses/{id}/input_items", (HttpContext context, string id, ResponsesHandler handler) => handler.ListInputItemsAsync(context, id));
        return endpoints;
    }
}
