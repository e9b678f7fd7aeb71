using Grok2Api.AdminApi;
using Grok2Api.AdminApi.Auth;
using Grok2Api.AdminApi.Config;
using Grok2Api.AdminApi.Security;
using Grok2Api.AdminApi.Stats;
using Grok2Api.AdminApi.Tasks;
using Grok2Api.AdminApi.Tokens;
using Grok2Api.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the admin API (<c>/v1/admin/*</c>).</summary>
public static class AdminApiExtensions
{
    /// <summary>
    /// Registers the admin API's services and JSON metadata. The batch tasks also need, from the host, an
    /// <c>IBatchTaskStore</c>, the pool's <c>ITokenRefresher</c> and <c>ITokenAccountRecorder</c>, and an
    /// <c>IGrokAccountClient</c>; they are resolved only when a task route is first used.
    /// </summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.TryAddSingleton<LoginLimiter>();
        services.TryAddSingleton<SessionRevocations>();
        services.TryAddSingleton<IAuthFailureLimiter, AuthFailureLimiter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RefreshTaskWork>();
        services.TryAddSingleton<AccountTaskWork>();
        services.TryAddSingleton<BatchTaskLifetime>();
        services.TryAddSingleton<BatchTaskRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchTaskLifetime>());
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default);

            // A body that names a property twice is ambiguous (which value did the operator mean?):
            // it is refused with 400 instead of one value silently winning.
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        return services;
    }

    /// <summary>
    /// Guards the admin paths (<c>/v1/admin</c> and <c>/admin</c>) before anything else answers them:
    /// only known <c>Host</c> names (421 otherwise), and only local clients while <c>app.app_key</c> is
    /// the documented default (403 otherwise; a warning is logged at startup). Add it after the
    /// forwarded headers are applied, so the client address is the real one.
    /// </summary>
    /// <param name="app">The application.</param>
    public static IApplicationBuilder UseAdminExposureGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        if (services.GetRequiredService<IOptionsMonitor<AppSection>>().CurrentValue.AppKey == AppSection.DefaultAppKey)
        {
            AdminSecurityLog.DefaultAppKey(services.GetRequiredService<ILoggerFactory>().CreateLogger("Grok2Api.AdminApi"));
        }

        return app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/v1/admin", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<AdminExposureMiddleware>());
    }

    /// <summary>Maps <c>/v1/admin/*</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The admin route group, for later areas to add to.</returns>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin");
        group.MapAuthApi();
        group.MapTokensApi();
        group.MapConfigApi();
        group.MapStatsApi();
        group.MapTasksApi();
        return group;
    }
}
