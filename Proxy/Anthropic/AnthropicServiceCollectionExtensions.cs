using Grok2Api.Proxy.Anthropic;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the Anthropic Messages API: <c>POST /v1/messages</c> and <c>POST /v1/messages/count_tokens</c>.</summary>
internal static class AnthropicServiceCollectionExtensions
{
    public static IServiceCollection AddGrokAnthropic(this IServiceCollection services)
    {
        services.AddGrokChat();
        services.TryAddSingleton<AnthropicMessagesHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnthropicMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/messages", (HttpContext context, AnthropicMessagesHandler handler) => handler.HandleAsync(context));
        endpoints.MapPost("/v1/messages/count_tokens", (HttpContext context, AnthropicMessagesHandler handler) => handler.CountTokensAsync(context));
        return endpoints;
    }
}
