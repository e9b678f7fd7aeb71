namespace Grok2Api.Proxy.Observability;

/// <summary>Names of the host's own telemetry: its meter and activity source, and the instruments on that meter.</summary>
internal static class ProxyTelemetry
{
    /// <summary>The meter and activity source of the Proxy assembly; the host adds it to its metrics and tracing pipelines.</summary>
    public const string Name = "Grok2Api.Proxy";

    /// <summary>YARP's activity source.</summary>
    public const string YarpSource = "Yarp.ReverseProxy";

    /// <summary>Counter of requests answered by the gateway, tagged <c>route</c>, <c>model</c> and <c>status</c>.</summary>
    public const string RequestsInstrumentName = "grok2api.requests";

    /// <summary>Counter of upstream HTTP attempts, tagged <c>endpoint</c> and <c>outcome</c>.</summary>
    public const string UpstreamAttemptsInstrumentName = "grok2api.upstream.attempts";

    /// <summary>Counter of pipeline attempts (one account's try at a whole exchange), tagged <c>exchange</c> and <c>outcome</c>.</summary>
    public const string UpstreamExchangesInstrumentName = "grok2api.upstream.exchanges";

    /// <summary>The <see cref="HttpContext.Items"/> key under which handlers put the model id of a request, for metrics.</summary>
    public const string ModelItemKey = "grok2api.model";
}
