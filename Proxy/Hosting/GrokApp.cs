using Grok2Api.Proxy.Admin;
using Grok2Api.Proxy.Public;
using System.Net;
using Serilog;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Builds the whole service. Program.cs and the functional tests both go through here, so tests
/// exercise the real wiring; settings come as environment variables or <c>--NAME=value</c> switches.
/// </summary>
internal static class GrokApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Resolve(args) });
        var settings = HostSettings.From(builder.Configuration);
        var logger = LoggingSetup.CreateLogger(settings);
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Host.ConfigureHostOptions(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(settings);

        IAsyncDisposable? state = null;
        WebApplication? app = null;
        try
        {
            // A logger factory over the same Serilog logger, for what runs before the host exists (config load).
            var startupLogs = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
            if (settings.Workers > 1)
            {
                startupLogs.CreateLogger("Grok2Api.Startup").LogInformation(
                    "SERVER_WORKERS={Workers} is accepted for compatibility: one process serves every core, so it is ignored", settings.Workers);
            }

            state = await builder.AddGrokStateAsync(settings, startupLogs, cancellationToken);

            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                if (IPAddress.TryParse(settings.ListenHost, out var address))
                {
                    kestrel.Listen(address, settings.ListenPort);
                }
                else if (settings.ListenHost.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                {
                    kestrel.ListenLocalhost(settings.ListenPort);
                }
                else
                {
                    foreach (var resolved in Dns.GetHostAddresses(settings.ListenHost))
                    {
                        kestrel.Listen(resolved, settings.ListenPort);
                    }
                }
            });

            builder.Services.AddProblemDetails();
            builder.Services.AddExceptionHandler<GrokExceptionHandler>();
            builder.Services.ConfigureHttpJsonOptions(options =>
            {
                // Every API of the service speaks snake_case: OpenAI's shapes and the admin API (docs/compatibility.md §7.2).
                options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
                options.SerializerOptions.TypeInfoResolverChain.Insert(0, OpenAiJsonContext.Default);
            });
            builder.Services.AddAdminApi();
            builder.Services.AddGrokAttachments();
            builder.Services.AddHostedService<AppUrlStartupCheck>();
            builder.Services.AddGrokChat();
            builder.Services.AddGrokResponses();
            builder.Services.AddGrokAnthropic();
            builder.Services.AddGrokVideo();
            builder.Services.AddGrokImages();
            builder.Services.AddGrokImageEdits();
            builder.Services.AddPublicApi();
            builder.AddObservability();
            builder.AddEdgeProxy();

            app = builder.Build();

            // The pool is built from the tokens read in the background (AddGrokStateAsync) while this thread
            // lays out the pipeline; the app is returned, and so can serve, only once both are done.
            var initialized = app.InitializeGrokStateAsync(cancellationToken);
            try
            {
                app.UseGrokPipeline();
            }
            finally
            {
                // A failure here still waits for the pool, so the catch below releases nothing in use.
                await initialized.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await initialized;
            return app;
        }
        catch
        {
            // A failed start releases DATA_DIR and the log files, so a corrected start can follow in the same process.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (state is not null)
            {
                await state.DisposeAsync();
            }

            await logger.DisposeAsync();
            throw;
        }
    }

    private static void UseGrokPipeline(this WebApplication app)
    {
        // First: everything after it (logs, limits, the admin loopback rule) sees the real client.
        app.UseMiddleware<TrustedProxiesMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();

        // Routing before the error shapes, so an edge route (YARP, the ReverseProxy section) skips them: the
        // OpenAI/problem-details bodies are for our own surfaces, and an edge answer (a backend's 404, YARP's
        // bodiless 502) passes through as the backend or YARP gave it, as behind nginx. An exception in
        // route matching itself (an ambiguous route) is then Kestrel's bare 500 (docs/benchmarks.md, "Edge route").
        app.UseRouting();
        app.UseWhen(context => !Grok2Api.Proxy.Edge.EdgeRoutes.IsEdge(context), branch => branch.UseGrokErrorShapes());
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseAdminExposureGuard();
        // The public playground has its own key (app.public_key), never app.api_key.
        app.UsePublicGate();
        app.UseWhen(
            context => ApiPaths.IsOpenAi(context.Request.Path) && !ApiPaths.IsFiles(context.Request.Path) && !ApiPaths.IsPublic(context.Request.Path),
            branch => branch.UseMiddleware<ApiKeyMiddleware>());

        app.MapGet("/health", (Grok2Api.Storage.StoreHealth store, Grok2Api.Storage.Coordination.StoreInstance instance) =>
            TypedResults.Ok(new HealthResponse("ok", instance.Id, store.View())));
        app.MapObservability();
        app.MapModelsApi();
        app.MapChatCompletions();
        app.MapResponses();
        app.MapAnthropicMessages();
        Grok2Api.Proxy.Video.VideosApi.MapVideos(app);
        app.MapImageGenerations();
        app.MapImageEdits();
        app.MapMediaFiles();
        app.MapPublicApi();
        app.MapAdminApi().MapMediaAdminApi();
        app.MapAdminApp();
        app.MapPublicPages();
        app.MapReverseProxy();
    }
}
