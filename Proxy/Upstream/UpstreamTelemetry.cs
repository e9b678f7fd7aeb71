namespace Grok2Api.Proxy.Upstream;

/// <summary>Names of the upstream client's telemetry; the host adds <see cref="MeterName"/> to its metrics pipeline.</summary>
internal static class UpstreamTelemetry
{
    /// <summary>The meter of the Proxy assembly.</summary>
    public const string MeterName = "Grok2Api.Proxy";

    /// <summary>Counter of upstream HTTP attempts, tagged <c>endpoint</c> and <c>outcome</c>.</summary>
    public const string AttemptsInstrumentName = "grok2api.upstream.attempts";

    /// <summary>Counter of pipeline attempts (one account's try at a whole exchange), tagged <c>exchange</c> and <c>outcome</c>.</summary>
    public const string ExchangesInstrumentName = "grok2api.upstream.exchanges";
}
