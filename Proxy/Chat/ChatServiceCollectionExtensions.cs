using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps <c>POST /v1/chat/completions</c>.</summary>
internal static class ChatServiceCollectionExtensions
{
    public static IServiceCollection AddGrokChat(this IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamPipeline>();
        services.TryAddSingleton<Grok2Api.Proxy.Models.IModelAliasSource, Grok2Api.Proxy.Models.ConfiguredModelAliases>();
        services.TryAddSingleton<GrokConversations>();
        services.TryAddSingleton<ChatConcurrencyLimiter>();
        services.TryAddSingleton<ChatMemoryBudget>();
        services.TryAddSingleton<Grok2Api.Proxy.OpenAi.OpenAiRequestGate>();
        services.TryAddSingleton<ConversationRunner>();
        services.TryAddSingleton<ChatCompletionsHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapChatCompletions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", (HttpContext context, ChatCompletionsHandler handler) => handler.HandleAsync(context));
        return endpoints;
    }
}
