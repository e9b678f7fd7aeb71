namespace Grok2Api.Proxy.Observability;

/// <summary>Names of the host's own telemetry sources.</summary>
internal static class ProxyTelemetry
{
    /// <summary>The host's meter and activity source name.</summary>
    public const string Name = "Grok2Api.Proxy";

    /// <summary>The token pool's meter name.</summary>
    public const string TokenPoolMeter = "Grok2Api.TokenPool";

    /// <summary>YARP's activity source.</summary>
    public const string YarpSource = "Yarp.ReverseProxy";

    /// <summary>The <see cref="HttpContext.Items"/> key under which handlers put the model id of a request, for metrics.</summary>
    public const string ModelItemKey = "grok2api.model";
}
