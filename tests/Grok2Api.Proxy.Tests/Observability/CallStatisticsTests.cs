using System.Diagnostics.Metrics;
using Grok2Api.AdminApi.Stats;
using Grok2Api.Proxy.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Observability;

/// <summary>
/// The dashboard's calls per model, fed by the real <c>grok2api.requests</c> counter of
/// <see cref="ProxyMetrics"/> (the instrument <c>/metrics</c> exports), over a fake clock.
/// </summary>
public sealed class CallStatisticsTests : IDisposable
{
    private const long HourMs = 3_600_000;

    // 10:20:30 UTC: the current hour started 20.5 minutes ago.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 20, 30, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ProxyMetrics _metrics;
    private readonly CallStatistics _stats;

    public CallStatisticsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _metrics = new ProxyMetrics(factory);
        _stats = new CallStatistics(factory, _time);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void Calls_PerModel_FailuresAreStatus400AndAbove_CatalogAndModellessRequestsAreNotCalls()
    {
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 502);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 429);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 399);
        _metrics.RequestCompleted("/v1/images/generations", "grok-imagine-1.0", 200);
        _metrics.RequestCompleted("/v1/chat/completions", "unknown", 404);
        _metrics.RequestCompleted("/v1/models/{**id}", "grok-4", 200);
        _metrics.RequestCompleted("/v1/models", null, 200);
        _metrics.RequestCompleted("/v1/admin/tokens", null, 200);

        var summary = _stats.Snapshot();

        Assert.Equal(new CallCounts(6, 3), summary.Hour);
        Assert.Equal(new CallCounts(6, 3), summary.Day);
        Assert.Equal(
            [new ModelCalls("grok-3", 4, 2, 4, 2), new ModelCalls("grok-imagine-1.0", 1, 0, 1, 0), new ModelCalls("unknown", 1, 1, 1, 1)],
            summary.Models);
        Assert.Equal(new CallBucket(NowMs / HourMs * HourMs, 6, 3), summary.Series[^1]);
    }

    [Fact]
    public void Windows_TheHourIsSixtyMinutes_TheDayTwentyFourHours_ThenCallsAgeOut()
    {
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _time.Advance(TimeSpan.FromMinutes(30));
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 500);

        _time.Advance(TimeSpan.FromMinutes(30));
        var hourLater = _stats.Snapshot();
        Assert.Equal(new CallCounts(1, 1), hourLater.Hour);
        Assert.Equal(new CallCounts(2, 1), hourLater.Day);
        Assert.Equal([new ModelCalls("grok-3", 1, 1, 2, 1)], hourLater.Models);

        _time.Advance(TimeSpan.FromHours(23));
        var dayLater = _stats.Snapshot();
        Assert.Equal(new CallCounts(0, 0), dayLater.Hour);
        Assert.Equal(new CallCounts(1, 1), dayLater.Day);

        _time.Advance(TimeSpan.FromMinutes(30));
        var gone = _stats.Snapshot();
        Assert.Equal(new CallCounts(0, 0), gone.Day);
        Assert.Empty(gone.Models);
        Assert.All(gone.Series, b => Assert.Equal((0, 0), (b.Calls, b.Failures)));
    }

    [Fact]
    public void Series_TwentyFourClockHours_OldestFirst_EachCallInTheHourItWasMade()
    {
        var start = _time.GetUtcNow();
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _time.Advance(TimeSpan.FromHours(2));
        _metrics.RequestCompleted("/v1/chat/completions", "grok-4", 503);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-4", 200);

        var series = _stats.Snapshot().Series;

        Assert.Equal(24, series.Count);
        var currentHour = NowMs / HourMs * HourMs;
        Assert.Equal(Enumerable.Range(0, 24).Select(i => currentHour - ((23 - i) * HourMs)), series.Select(b => b.Start));
        Assert.Equal(new CallBucket(currentHour, 2, 1), series[23]);
        Assert.Equal(new CallBucket(currentHour - (2 * HourMs), 1, 0), series[21]);
        Assert.Equal(start.ToUnixTimeMilliseconds() / HourMs * HourMs, series[21].Start);
        Assert.Equal(3, series.Sum(b => b.Calls));
    }

    [Fact]
    public void Ring_AMinuteSlotReusedADayLater_StartsFromZero()
    {
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _time.Advance(TimeSpan.FromDays(1));
        _metrics.RequestCompleted("/v1/chat/completions", "grok-3", 500);

        var summary = _stats.Snapshot();

        Assert.Equal(new CallCounts(1, 1), summary.Day);
        Assert.Equal([new ModelCalls("grok-3", 1, 1, 1, 1)], summary.Models);
    }

    [Fact]
    public void AnotherHostsInstrument_OfTheSameName_IsNotCounted()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var otherMetrics = new ProxyMetrics(other.GetRequiredService<IMeterFactory>());

        otherMetrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);
        _metrics.RequestCompleted("/v1/chat/completions", "grok-4", 200);

        Assert.Equal([new ModelCalls("grok-4", 1, 0, 1, 0)], _stats.Snapshot().Models);
    }

    [Fact]
    public void ModelNames_BeyondTheCap_CountAsOther()
    {
        for (var i = 0; i < CallStatistics.MaxModels + 10; i++)
        {
            _metrics.RequestCompleted("/v1/chat/completions", $"model-{i:D3}", 200);
        }

        var models = _stats.Snapshot().Models;

        Assert.Equal(CallStatistics.MaxModels, models.Count);
        Assert.Equal(new ModelCalls(CallStatistics.OtherModel, 11, 0, 11, 0), models[0]);
        Assert.Equal(CallStatistics.MaxModels + 10, models.Sum(m => m.DayCalls));
    }

    [Fact]
    public void MetricsCreatedAfterTheListener_AreStillCounted()
    {
        var metrics = new ProxyMetrics(_services.GetRequiredService<IMeterFactory>());

        metrics.RequestCompleted("/v1/chat/completions", "grok-3", 200);

        // Instruments published after the listener started are listened to as well.
        Assert.Equal(new CallCounts(1, 0), _stats.Snapshot().Day);
    }

    public void Dispose()
    {
        _stats.Dispose();
        _services.Dispose();
    }
}
