using Grok2Api.TokenPool.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>OpenTelemetry wiring: metrics (Prometheus scrape at <c>/metrics</c>) and traces, OTLP when configured.</summary>
internal static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProxyMetrics>();
        builder.Services.AddSingleton<CallStatistics>();
        builder.Services.AddSingleton<Grok2Api.AdminApi.Stats.ICallStatistics>(sp => sp.GetRequiredService<CallStatistics>());
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("grok2api"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ProxyTelemetry.Name, TokenPoolTelemetry.MeterName, ProxyTelemetry.YarpSource)
                .AddView(instrument => IsDropped(instrument) ? MetricStreamConfiguration.Drop : null)
                .AddPrometheusExporter());

        // OTLP only when the operator points us at a collector (the standard variable), as eShop does.
        // Traces have no other exporter: without a collector no tracer listens, so no request (chat or
        // edge) starts server and client activities, tags them and injects their headers for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrape(context))
                .AddHttpClientInstrumentation()
                .AddSource(ProxyTelemetry.Name, ProxyTelemetry.YarpSource));
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Listening starts before the first request, so the dashboard's counts match /metrics from the start.
        app.Services.GetRequiredService<CallStatistics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// Instruments that are not exported: each is updated several times per request (every forwarded
    /// edge request too) and says little that <c>http.server.request.duration</c>,
    /// <c>http.client.request.duration</c> and <c>grok2api.requests</c> do not: the in-flight gauges of
    /// the server and of HttpClient, HttpClient's connections by idle/active state (two updates per
    /// request), the routing match counter, and Kestrel's memory-pool counters (updated per block rented).
    /// A dropped instrument is never enabled, so its producer skips the work (docs/benchmarks.md, "Edge route").
    /// </summary>
    internal static bool IsDropped(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool"
        || instrument.Name is "http.server.active_requests" or "http.client.active_requests" or "http.client.open_connections" or "aspnetcore.routing.match_attempts";

    private static bool IsScrape(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
}
