namespace Grok2Api.TokenPool.Diagnostics;

/// <summary>Names of the pool's telemetry: the meter the host exports and the instruments on it.</summary>
public static class TokenPoolTelemetry
{
    /// <summary>The name of the pool's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Grok2Api.TokenPool";

    /// <summary>Gauge of tokens, tagged <c>pool</c> and <c>status</c>.</summary>
    public const string TokensInstrumentName = "grok2api.token_pool.tokens";

    /// <summary>Gauge of leases handed out and not yet completed.</summary>
    public const string LeasesInFlightInstrumentName = "grok2api.token_pool.leases_in_flight";

    /// <summary>Counter of lease attempts, tagged <c>outcome</c> (leased or no_token) and <c>tier</c>.</summary>
    public const string LeaseAttemptsInstrumentName = "grok2api.token_pool.lease_attempts";

    /// <summary>Counter of completed leases, tagged <c>outcome</c> and <c>pool</c>.</summary>
    public const string LeaseCompletionsInstrumentName = "grok2api.token_pool.lease_completions";

    /// <summary>Counter of quota re-syncs, tagged <c>result</c> and <c>trigger</c> (scheduled or admin).</summary>
    public const string RefreshesInstrumentName = "grok2api.token_pool.refreshes";
}
