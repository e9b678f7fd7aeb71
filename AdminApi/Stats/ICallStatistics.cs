namespace Grok2Api.AdminApi.Stats;

/// <summary>
/// The seam through which <c>GET /v1/admin/stats</c> reads calls and failures per model. The host
/// implements it from its own request metrics (the <c>grok2api.requests</c> counter that
/// <c>/metrics</c> exposes), so the dashboard and Prometheus count the same events (docs/adr/0011).
/// </summary>
public interface ICallStatistics
{
    /// <summary>The calls and failures of the last hour and day, per model, and the hourly series, as of now.</summary>
    CallSummary Snapshot();
}

/// <summary>Calls and failures as the dashboard shows them.</summary>
/// <param name="Hour">The last 60 minutes.</param>
/// <param name="Day">The last 24 hours.</param>
/// <param name="Models">Every model with a call in the last 24 hours, most calls first.</param>
/// <param name="Series">24 clock-hour buckets, oldest first; the last is the current hour so far.</param>
public sealed record CallSummary(CallCounts Hour, CallCounts Day, IReadOnlyList<ModelCalls> Models, IReadOnlyList<CallBucket> Series);

/// <summary>Calls and how many of them failed.</summary>
/// <param name="Calls">Calls answered.</param>
/// <param name="Failures">Of those, the ones answered with a status of 400 or more.</param>
public sealed record CallCounts(long Calls, long Failures);

/// <summary>One model's calls over the last hour and day.</summary>
/// <param name="Model">The model id the client asked for (<c>unknown</c> for an id the catalog does not know).</param>
/// <param name="HourCalls">Calls in the last 60 minutes.</param>
/// <param name="HourFailures">Failures in the last 60 minutes.</param>
/// <param name="DayCalls">Calls in the last 24 hours.</param>
/// <param name="DayFailures">Failures in the last 24 hours.</param>
public sealed record ModelCalls(string Model, long HourCalls, long HourFailures, long DayCalls, long DayFailures);

/// <summary>One hour of the chart.</summary>
/// <param name="Start">The start of the hour (ms since the epoch, UTC).</param>
/// <param name="Calls">Calls answered in that hour.</param>
/// <param name="Failures">Failures in that hour.</param>
public sealed record CallBucket(long Start, long Calls, long Failures);
