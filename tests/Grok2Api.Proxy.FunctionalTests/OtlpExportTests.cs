using System.Collections.Concurrent;
using System.Text;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// An operator who sets <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> gets the gateway's traces and metrics at
/// their collector, over gRPC (the default) or HTTP/protobuf.
/// </summary>
/// <remarks>In the metrics collection: the meters are process-wide, and this test starts its own gateway.</remarks>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task OtlpEndpointSet_TracesAndMetricsReachTheCollector(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpCollector.StartAsync(protocol == "grpc", ct);
        using var dataDir = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(
            dataDir.Path,
            ct,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Endpoint}",
            $"--OTEL_EXPORTER_OTLP_PROTOCOL={protocol}",
            "--OTEL_BSP_SCHEDULE_DELAY=200",
            "--OTEL_METRIC_EXPORT_INTERVAL=300");

        using (var models = await gateway.Client.GetAsync(new Uri("/v1/models", UriKind.Relative), ct))
        {
            Assert.True(models.IsSuccessStatusCode);
        }

        var traces = protocol == "grpc" ? "/opentelemetry.proto.collector.trace.v1.TraceService/Export" : "/v1/traces";
        var metrics = protocol == "grpc" ? "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export" : "/v1/metrics";
        var contentType = protocol == "grpc" ? "application/grpc" : "application/x-protobuf";

        // The request's server span, named by its route, from the service "grok2api".
        var trace = await collector.WaitForAsync(traces, body => body.Contains("/v1/models", StringComparison.Ordinal), ct);
        Assert.StartsWith(contentType, trace.ContentType, StringComparison.Ordinal);
        Assert.Contains("grok2api", trace.Body, StringComparison.Ordinal);

        // Our own meters along with ASP.NET Core's.
        var metric = await collector.WaitForAsync(
            metrics,
            body => body.Contains("grok2api.requests", StringComparison.Ordinal) && body.Contains("grok2api.token_pool.tokens", StringComparison.Ordinal),
            ct);
        Assert.StartsWith(contentType, metric.ContentType, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metric.Body, StringComparison.Ordinal);
    }

    /// <summary>A minimal OTLP receiver: accepts every export and keeps what it got (protobuf strings are plain UTF-8).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly LoopbackApp _app;
        private readonly ConcurrentQueue<Export> _exports;

        private OtlpCollector(LoopbackApp app, ConcurrentQueue<Export> exports)
        {
            _app = app;
            _exports = exports;
        }

        public string Endpoint => _app.BaseAddress.ToString().TrimEnd('/');

        public static async Task<OtlpCollector> StartAsync(bool grpc, CancellationToken cancellationToken)
        {
            var exports = new ConcurrentQueue<Export>();
            var app = await LoopbackApp.StartAsync(
                web => web.MapPost("/{**path}", async (HttpContext context) =>
                {
                    using var body = new MemoryStream();
                    await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                    exports.Enqueue(new Export(context.Request.Path, context.Request.ContentType ?? "", Encoding.UTF8.GetString(body.ToArray())));
                    if (grpc)
                    {
                        // An empty Export*ServiceResponse in one gRPC frame, then status OK in the trailers.
                        context.Response.ContentType = "application/grpc";
                        await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
                        context.Response.AppendTrailer("grpc-status", "0");
                    }
                    else
                    {
                        context.Response.ContentType = "application/x-protobuf";
                    }
                }),
                grpc ? HttpProtocols.Http2 : HttpProtocols.Http1,
                cancellationToken);
            return new OtlpCollector(app, exports);
        }

        public async Task<Export> WaitForAsync(string path, Func<string, bool> match, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (true)
            {
                var found = _exports.FirstOrDefault(e => e.Path == path && match(e.Body));
                if (found is not null)
                {
                    return found;
                }

                try
                {
                    await Task.Delay(50, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Assert.Fail($"No OTLP export to {path} with the expected content within 20 s; got: {string.Join(", ", _exports.Select(e => e.Path).Distinct())}");
                }
            }
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }

    private sealed record Export(string Path, string ContentType, string Body);
}
