using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Grok2Api.TokenPool.Refresh;

namespace Grok2Api.TokenPool.Diagnostics;

/// <summary>
/// The pool's instruments (meter and instrument names in <see cref="TokenPoolTelemetry"/>). Per-call
/// records are guarded by <c>Enabled</c> so the lease path costs nothing when nobody listens. Tags are
/// pool, status, tier and outcome, never a token.
/// </summary>
internal sealed class TokenPoolMetrics
{
    private static readonly string[] OutcomeNames = ["success", "rate_limited", "unauthorized", "forbidden", "transient_failure", "client_abort"];
    private static readonly string[] RefreshResultNames = ["synced", "unauthorized", "forbidden", "rate_limited", "failed", "not_found", "skipped"];

    private readonly TokenPoolState _state;
    private readonly Counter<long> _leaseAttempts;
    private readonly Counter<long> _completions;
    private readonly Counter<long> _refreshes;

    public TokenPoolMetrics(IMeterFactory meterFactory, TokenPoolState state)
    {
        _state = state;
        var meter = meterFactory.Create(TokenPoolTelemetry.MeterName);
        _leaseAttempts = meter.CreateCounter<long>(TokenPoolTelemetry.LeaseAttemptsInstrumentName, "{lease}", "Lease attempts, by outcome (leased or no_token) and model tier.");
        _completions = meter.CreateCounter<long>(TokenPoolTelemetry.LeaseCompletionsInstrumentName, "{lease}", "Completed leases, by outcome and pool.");
        _refreshes = meter.CreateCounter<long>(TokenPoolTelemetry.RefreshesInstrumentName, "{token}", "Quota re-syncs, by result and trigger (scheduled or admin).");
        meter.CreateObservableGauge(TokenPoolTelemetry.TokensInstrumentName, MeasureTokens, "{token}", "Tokens, by pool and status.");
        meter.CreateObservableGauge(TokenPoolTelemetry.LeasesInFlightInstrumentName, MeasureInFlight, "{lease}", "Leases handed out and not yet completed.");
    }

    public void LeaseAttempted(PoolTier tier, bool leased)
    {
        if (_leaseAttempts.Enabled)
        {
            LeaseAttemptedCore(tier, leased);
        }
    }

    public void LeaseCompleted(LeaseOutcome outcome, string pool)
    {
        if (_completions.Enabled)
        {
            LeaseCompletedCore(outcome, pool);
        }
    }

    public void Refreshed(TokenRefreshOutcome result, bool scheduled)
    {
        if (_refreshes.Enabled)
        {
            RefreshedCore(result, scheduled);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LeaseAttemptedCore(PoolTier tier, bool leased) =>
        _leaseAttempts.Add(
            1,
            new KeyValuePair<string, object?>("outcome", leased ? "leased" : "no_token"),
            new KeyValuePair<string, object?>("tier", tier == PoolTier.Super ? "super" : "basic"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LeaseCompletedCore(LeaseOutcome outcome, string pool) =>
        _completions.Add(
            1,
            new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]),
            new KeyValuePair<string, object?>("pool", pool));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefreshedCore(TokenRefreshOutcome result, bool scheduled) =>
        _refreshes.Add(
            1,
            new KeyValuePair<string, object?>("result", RefreshResultNames[(int)result]),
            new KeyValuePair<string, object?>("trigger", scheduled ? "scheduled" : "admin"));

    private List<Measurement<int>> MeasureTokens()
    {
        Dictionary<(string Pool, TokenStatus Status), int> counts = [];
        foreach (var pool in TokenPools.All)
        {
            foreach (var status in Enum.GetValues<TokenStatus>())
            {
                counts[(pool, status)] = 0;
            }
        }

        using (_state.Gate.EnterScope())
        {
            foreach (var entry in _state.Entries)
            {
                counts[(entry.Pool, entry.Status)] = counts.GetValueOrDefault((entry.Pool, entry.Status)) + 1;
            }
        }

        return [.. counts.Select(c => new Measurement<int>(
            c.Value,
            new KeyValuePair<string, object?>("pool", c.Key.Pool),
            new KeyValuePair<string, object?>("status", TokenStatusNames.Of(c.Key.Status))))];
    }

    private int MeasureInFlight()
    {
        using (_state.Gate.EnterScope())
        {
            return _state.Leases.InFlight;
        }
    }
}
