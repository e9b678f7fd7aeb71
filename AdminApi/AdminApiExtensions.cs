using Grok2Api.AdminApi;
using Grok2Api.AdminApi.Auth;
using Grok2Api.AdminApi.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the admin API (<c>/v1/admin/*</c>).</summary>
public static class AdminApiExtensions
{
    /// <summary>Registers the admin API's services and JSON metadata.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.TryAddSingleton<LoginLimiter>();
        services.TryAddSingleton<SessionRevocations>();
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        return services;
    }

    /// <summary>Maps <c>/v1/admin/*</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The admin route group, for later areas to add to.</returns>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin");
        group.MapAuthApi();
        group.MapTokensApi();
        return group;
    }
}
