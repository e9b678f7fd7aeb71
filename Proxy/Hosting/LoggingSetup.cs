using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Serilog as the sink: the console (standard output) always, and with <c>LOG_FILE_ENABLED</c> daily
/// rolling JSON files under <c>DATA_DIR/logs</c> (size-capped, 14 kept, so the disk cannot fill up).
/// Both are written off the request path: a request only queues its line (the request log writes one
/// per request), a background thread does the I/O, and disposing the logger drains the queue. When
/// standard output is redirected (a container, a service manager, a pipe) the console gets the lines in
/// batches, one write per batch (<see cref="ConsoleBatchSink"/>); on a terminal it keeps the console
/// sink's colours, one line at a time.
/// </summary>
internal static class LoggingSetup
{
    private const long MaxFileBytes = 100L * 1024 * 1024;
    /// <summary>ASP.NET Core's per-request logger, whose being enabled makes it start an Activity per request.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string ConsoleTemplate = "[{Timestamp:yyyy-MM-dd HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger CreateLogger(HostSettings settings)
    {
        var frameworkLevel = settings.LogLevel <= LogEventLevel.Debug ? LogEventLevel.Information : LogEventLevel.Warning;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.LogLevel)
            .MinimumLevel.Override("Microsoft", Max(frameworkLevel, settings.LogLevel))
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Max(LogEventLevel.Information, settings.LogLevel))
            .MinimumLevel.Override("System.Net.Http.HttpClient", Max(LogEventLevel.Warning, settings.LogLevel))
            .MinimumLevel.Override("Yarp", Max(frameworkLevel, settings.LogLevel))
            .Enrich.FromLogContext()
            .Enrich.With(new QueryKeyRedactor());
        if (settings.LogLevel > LogEventLevel.Debug)
        {
            // ASP.NET Core starts an Activity and a logging scope for every request while this category is
            // enabled at any level, only for its "Request starting/finished" lines (Information, shown at
            // LOG_LEVEL=DEBUG). Off above DEBUG: without a trace collector no request pays for an activity,
            // its scope on every log event and its traceparent injected into each forwarded request
            // (docs/benchmarks.md, "Edge route"). With OTEL_EXPORTER_OTLP_ENDPOINT the tracer still starts them.
            configuration = configuration.MinimumLevel.Override(HostingDiagnosticsCategory, LevelAlias.Off);
        }

        configuration = Console.IsOutputRedirected
            ? configuration.WriteTo.Sink(new ConsoleBatchSink(ConsoleTemplate), ConsoleBatchSink.Batching)
            : configuration.WriteTo.Async(sink => sink.Console(
                outputTemplate: ConsoleTemplate,
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: null));

        if (settings.LogFileEnabled)
        {
            configuration = configuration.WriteTo.Async(sink => sink.File(
                new CompactJsonFormatter(),
                Path.Combine(settings.Storage.DataDirectory, "logs", "grok2api-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: MaxFileBytes,
                rollOnFileSizeLimit: true));
        }

        return configuration.CreateLogger();
    }

    private static LogEventLevel Max(LogEventLevel a, LogEventLevel b) => a > b ? a : b;
}
