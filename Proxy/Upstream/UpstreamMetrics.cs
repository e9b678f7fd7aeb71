using System.Diagnostics.Metrics;

namespace Grok2Api.Proxy.Upstream;

/// <summary>Metrics of upstream calls. Thread-safe.</summary>
internal sealed class UpstreamMetrics
{
    private static readonly string[] OutcomeTags =
    [
        "ok", "unauthorized", "forbidden", "rate_limited", "server_error", "client_error", "network", "timeout",
        "response_too_large", "invalid_request",
    ];

    private readonly Counter<long> _attempts;

    public UpstreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(UpstreamTelemetry.MeterName);
        _attempts = meter.CreateCounter<long>(
            UpstreamTelemetry.AttemptsInstrumentName, "{attempt}", "Upstream HTTP attempts by endpoint and outcome.");
    }

    public static string OutcomeTag(UpstreamOutcome outcome) => OutcomeTags[(int)outcome];

    public void RecordAttempt(string endpoint, UpstreamOutcome outcome)
    {
        if (_attempts.Enabled)
        {
            _attempts.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", OutcomeTag(outcome)));
        }
    }
}
