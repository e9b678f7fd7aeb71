using Grok2Api.Proxy.Public.Imagine;
using Grok2Api.Proxy.Public.Video;

namespace Grok2Api.Proxy.Public;

/// <summary>Registers, gates and maps the public playground API (<c>/v1/public</c>, docs/adr/0026).</summary>
internal static partial class PublicApiExtensions
{
    /// <summary>Registers the services of the public API.</summary>
    public static IServiceCollection AddPublicApi(this IServiceCollection services)
    {
        services.AddSingleton<PublicAccess>();
        services.AddSingleton<PublicTasks>();
        services.AddSingleton<PublicImagineLoop>();
        services.AddSingleton<PublicImagineSocket>();
        services.AddSingleton<PublicVideoRunner>();
        services.AddSingleton<PublicApiHandlers>();
        services.AddHostedService<PublicStartupWarning>();
        return services;
    }

    /// <summary>Puts the gate (and WebSocket support) in front of every <c>/v1/public</c> path.</summary>
    public static IApplicationBuilder UsePublicGate(this IApplicationBuilder app) =>
        app.UseWhen(static context => PublicRoutes.IsPublic(context.Request.Path), static branch =>
        {
            branch.UseMiddleware<PublicGateMiddleware>();
            branch.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        });

    /// <summary>Maps the routes of <c>/v1/public</c>.</summary>
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(PublicRoutes.Prefix);
        group.MapPost("/login", (HttpContext context, PublicApiHandlers handlers) => handlers.LoginAsync(context));
        group.MapPost("/logout", (HttpContext context) => PublicApiHandlers.Logout(context));
        group.MapGet("/verify", (HttpContext context) => PublicApiHandlers.VerifyAsync(context));
        group.MapGet("/imagine/config", (HttpContext context, PublicApiHandlers handlers) => handlers.ImagineConfigAsync(context));
        group.MapPost("/imagine/start", (HttpContext context, PublicApiHandlers handlers) => handlers.ImagineStartAsync(context));
        group.MapPost("/imagine/stop", (HttpContext context, PublicApiHandlers handlers) => handlers.StopAsync(context, PublicTaskKind.Imagine));
        group.MapGet("/imagine/sse", (HttpContext context, PublicApiHandlers handlers) => handlers.ImagineSseAsync(context));
        group.MapGet("/imagine/ws", (HttpContext context, PublicImagineSocket socket) => socket.RunAsync(context));
        group.MapPost("/video/start", (HttpContext context, PublicApiHandlers handlers) => handlers.VideoStartAsync(context));
        group.MapPost("/video/stop", (HttpContext context, PublicApiHandlers handlers) => handlers.StopAsync(context, PublicTaskKind.Video));
        group.MapGet("/video/sse", (HttpContext context, PublicApiHandlers handlers) => handlers.VideoSseAsync(context));
        group.MapGet("/voice/token", (HttpContext context, PublicApiHandlers handlers) => handlers.VoiceTokenAsync(context));
        return endpoints;
    }

    /// <summary>Logs once at startup when the playground is on without a key.</summary>
    private sealed partial class PublicStartupWarning(IOptionsMonitor<AppSection> app, ILogger<PublicStartupWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = app.CurrentValue;
            if (settings.PublicEnabled && string.IsNullOrEmpty(settings.PublicKey))
            {
                LogOpen(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = EventIds.PublicPlaygroundOpen, Level = LogLevel.Warning,
            Message = "app.public_enabled is on and app.public_key is empty: the public playground (/v1/public) is open to anyone and spends the pool's quota; set public_key to close it")]
        private static partial void LogOpen(ILogger logger);
    }
}
