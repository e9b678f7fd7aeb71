using System.Diagnostics.Metrics;

namespace Grok2Api.Proxy.Upstream;

/// <summary>Metrics of upstream calls. Thread-safe.</summary>
internal sealed class UpstreamMetrics
{
    /// <summary>The outcome label of an attempt the client abandoned.</summary>
    public const string ClientAbortTag = "client_abort";

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _exchanges;

    public UpstreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ProxyTelemetry.Name);
        _attempts = meter.CreateCounter<long>(
            ProxyTelemetry.UpstreamAttemptsInstrumentName, "{attempt}", "Upstream HTTP attempts by endpoint and outcome.");
        _exchanges = meter.CreateCounter<long>(
            ProxyTelemetry.UpstreamExchangesInstrumentName, "{attempt}", "Attempts of the upstream pipeline (one account each) by exchange and outcome.");
    }

    /// <summary>The outcome label: <c>ok</c>, or the failure's kind.</summary>
    public static string OutcomeTag(UpstreamFailureKind? failure) => failure is { } kind ? UpstreamFailure.TagOf(kind) : "ok";

    /// <summary>One HTTP attempt of an upstream call.</summary>
    public void RecordAttempt(string endpoint, UpstreamFailureKind? failure)
    {
        if (_attempts.Enabled)
        {
            _attempts.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", OutcomeTag(failure)));
        }
    }

    /// <summary>One attempt of the pipeline: one account's try at a whole exchange.</summary>
    public void RecordExchange(string exchange, string outcome)
    {
        if (_exchanges.Enabled)
        {
            _exchanges.Add(1, new KeyValuePair<string, object?>("exchange", exchange), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
