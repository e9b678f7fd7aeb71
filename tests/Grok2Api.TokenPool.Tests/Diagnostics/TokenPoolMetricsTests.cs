using System.Diagnostics.Metrics;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Diagnostics;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Diagnostics;

public sealed class TokenPoolMetricsTests
{
    [Fact]
    public async Task LeaseAttempts_LeasedAndNoToken_TaggedByOutcomeAndTier()
    {
        // Arrange
        await using var pool = await CreateAsync(Basic("tok"));
        using var attempts = Collect<long>(pool, TokenPoolTelemetry.LeaseAttemptsInstrumentName);

        // Act
        pool.TryLeaseToken(PoolTier.Basic);
        pool.TryLeaseToken(PoolTier.Super, 4);

        // Assert
        var measurements = attempts.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Equal(("leased", "basic"), Tags(measurements[0], "outcome", "tier"));
        Assert.Equal(("no_token", "super"), Tags(measurements[1], "outcome", "tier"));
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task LeaseCompletions_Outcome_TaggedByOutcomeAndPool()
    {
        await using var pool = await CreateAsync(Super("tok"));
        using var completions = Collect<long>(pool, TokenPoolTelemetry.LeaseCompletionsInstrumentName);
        var lease = pool.Lease(PoolTier.Super, 4);

        pool.Selector.Complete(lease, LeaseOutcome.RateLimited, null);
        pool.Selector.Complete(lease, LeaseOutcome.RateLimited, null);

        var measurement = Assert.Single(completions.GetMeasurementSnapshot());
        Assert.Equal(("rate_limited", TokenPools.Super), Tags(measurement, "outcome", "pool"));
    }

    [Fact]
    public async Task Tokens_Gauge_CountsByPoolAndStatus()
    {
        await using var pool = await CreateAsync(Basic("a"), Basic("b"), Basic("c", 0, TokenStatus.Cooling), Super("d", 1, TokenStatus.Disabled));
        using var tokens = Collect<int>(pool, TokenPoolTelemetry.TokensInstrumentName);

        tokens.RecordObservableInstruments();

        var values = tokens.GetMeasurementSnapshot().ToDictionary(m => Tags(m, "pool", "status"), m => m.Value);
        Assert.Equal(2, values[(TokenPools.Basic, "active")]);
        Assert.Equal(1, values[(TokenPools.Basic, "cooling")]);
        Assert.Equal(0, values[(TokenPools.Basic, "expired")]);
        Assert.Equal(1, values[(TokenPools.Super, "disabled")]);
        Assert.Equal(8, values.Count);
    }

    [Fact]
    public async Task LeasesInFlight_Gauge_FollowsLeaseAndComplete()
    {
        await using var pool = await CreateAsync(Basic("a"), Basic("b"));
        using var inFlight = Collect<int>(pool, TokenPoolTelemetry.LeasesInFlightInstrumentName);
        var first = pool.Lease();
        pool.Lease();

        inFlight.RecordObservableInstruments();
        pool.Selector.Complete(first, LeaseOutcome.Success, null);
        inFlight.RecordObservableInstruments();

        Assert.Equal([2, 1], inFlight.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Refreshes_Results_TaggedByResultAndTrigger()
    {
        await using var pool = await CreateAsync(Basic("tok"), Basic("off", 1, TokenStatus.Disabled));
        using var refreshes = Collect<long>(pool, TokenPoolTelemetry.RefreshesInstrumentName);
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Forbidden);

        await pool.Refresher.RefreshAsync([TokenIdentity.IdOf("tok"), TokenIdentity.IdOf("off")], null, TestContext.Current.CancellationToken);
        pool.Time.Advance(TimeSpan.FromHours(8));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Ok, 3);
        await pool.Refresher.RefreshDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [("skipped", "admin"), ("forbidden", "admin"), ("synced", "scheduled")],
            refreshes.GetMeasurementSnapshot().Select(m => Tags(m, "result", "trigger")));
    }

    [Fact]
    public async Task Measurements_Tags_NeverContainTheToken()
    {
        await using var pool = await CreateAsync(Basic("the-secret-token"));
        using var attempts = Collect<long>(pool, TokenPoolTelemetry.LeaseAttemptsInstrumentName);
        using var completions = Collect<long>(pool, TokenPoolTelemetry.LeaseCompletionsInstrumentName);

        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Success, null);

        var values = attempts.GetMeasurementSnapshot().Concat(completions.GetMeasurementSnapshot()).SelectMany(m => m.Tags.Values);
        Assert.DoesNotContain(values, v => v is string s && s.Contains("secret", StringComparison.Ordinal));
    }

    private static MetricCollector<T> Collect<T>(PoolHarness pool, string instrument)
        where T : struct
    {
        _ = pool.Services.GetRequiredService<TokenPoolMetrics>();
        return new MetricCollector<T>(pool.Services.GetRequiredService<IMeterFactory>(), TokenPoolTelemetry.MeterName, instrument);
    }

    private static (string?, string?) Tags<T>(CollectedMeasurement<T> measurement, string first, string second)
        where T : struct =>
        (measurement.Tags[first] as string, measurement.Tags[second] as string);
}
