using System.Net;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Control;
using Grok2Api.Simulator.FeatureControls;
using Grok2Api.Simulator.Imagine;
using Grok2Api.Simulator.Media;
using Grok2Api.Simulator.OnlineAssets;
using Grok2Api.Simulator.RateLimits;
using Grok2Api.Simulator.Upload;
using Grok2Api.Simulator.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Simulator.Hosting;

/// <summary>Builds the simulator's web application; the in-process and standalone modes differ only in where they listen.</summary>
internal static class SimulatorApp
{
    public const string DefaultUrl = "http://127.0.0.1:5380";

    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Simulator:…</c>).</param>
    /// <param name="options">Options to use; null binds them from the <c>Simulator</c> configuration section.</param>
    /// <param name="loopbackEphemeralPort">True for in-process use: listen on 127.0.0.1 with a free port, ignoring urls.</param>
    public static (WebApplication App, SimulatorState State) Build(string[] args, SimulatorOptions? options, bool loopbackEphemeralPort)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The slim builder leaves out HTTPS: an https:// url (the load bench's HTTP/2 upstream, with
        // Kestrel:Certificates:Default) needs it switched on.
        builder.WebHost.UseKestrelHttpsConfiguration();

        if (options is null)
        {
            options = new SimulatorOptions { ConsoleLogging = true };
            builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(options);
        }

        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (loopbackEphemeralPort)
            {
                k.Listen(IPAddress.Loopback, 0);
            }
        });
        if (!loopbackEphemeralPort && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(3));
        var state = new SimulatorState(options);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<UpstreamGate>();
        builder.Services.AddSingleton<ConversationsEndpoint>();
        builder.Services.AddSingleton<RateLimitsEndpoint>();

        var app = builder.Build();
        state.Stopping = app.Lifetime.ApplicationStopping;
        app.UseWebSockets();
        app.UseMiddleware<RecordingMiddleware>();
        MapEndpoints(app, state);
        return (app, state);
    }

    /// <summary>One line per endpoint family; later families (upload, assets, Imagine, gRPC-web) add theirs here.</summary>
    private static void MapEndpoints(WebApplication app, SimulatorState state)
    {
        ConversationsEndpoint.Map(app);
        RateLimitsEndpoint.Map(app);
        UploadFileEndpoint.Map(app, state);
        AssetsEndpoint.Map(app, state);
        MediaPostEndpoint.Map(app, state);
        UpscaleEndpoint.Map(app, state);
        ImagineEndpoint.Map(app, state);
        ImagineControlEndpoints.Map(app, state);
        OnlineAssetsEndpoint.Map(app, state);
        FeatureControlsEndpoint.Map(app, state);
        Voice.LivekitTokensEndpoint.Map(app, state);
        ControlEndpoints.Map(app, state);
        app.MapFallback((RequestDelegate)(context =>
            SimJson.WriteAsync(context, StatusCodes.Status404NotFound, ErrorBodies.NotFound(), context.RequestAborted)));
    }
}
