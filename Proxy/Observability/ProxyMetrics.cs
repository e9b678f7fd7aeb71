using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Grok2Api.Proxy.Observability;

/// <summary>The host's request metrics: <c>grok2api.requests</c> by route, model and status.</summary>
internal sealed class ProxyMetrics
{
    /// <summary>Every HTTP status code boxed once, so a request's measurement boxes no int for its tag.</summary>
    private static readonly object[] BoxedStatus = [.. Enumerable.Range(0, 600).Select(static code => (object)code)];

    private readonly Counter<long> _requests;

    public ProxyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ProxyTelemetry.Name);
        _requests = meter.CreateCounter<long>(
            ProxyTelemetry.RequestsInstrumentName,
            unit: "{request}",
            description: "Requests answered by the gateway, by route, model and status code.");
    }

    public void RequestCompleted(string route, string? model, int status)
    {
        if (_requests.Enabled)
        {
            RequestCompletedCore(route, model, status);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RequestCompletedCore(string route, string? model, int status) =>
        _requests.Add(
            1,
            new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("model", model ?? ""),
            new KeyValuePair<string, object?>("status", (uint)status < (uint)BoxedStatus.Length ? BoxedStatus[status] : status));
}
