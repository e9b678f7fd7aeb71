namespace Grok2Api.TokenPool.Diagnostics;

/// <summary>Names the host needs to export the pool's telemetry.</summary>
public static class TokenPoolTelemetry
{
    /// <summary>The name of the pool's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Grok2Api.TokenPool";
}
