using System.Diagnostics.Metrics;
using Grok2Api.AdminApi.Stats;

namespace Grok2Api.Proxy.Observability;

/// <summary>
/// The dashboard's calls and failures per model (<see cref="ICallStatistics"/>), fed by the same
/// measurements as <c>/metrics</c>: a <see cref="MeterListener"/> on this host's
/// <c>grok2api.requests</c> counter (<see cref="ProxyMetrics"/>), so the two can never disagree and no
/// request path counts twice (docs/adr/0011). Only the instrument of this host's
/// <see cref="IMeterFactory"/> is listened to, so other hosts in the same process (tests) do not mix in.
/// </summary>
/// <remarks>
/// A call is a request that named a model (the <c>model</c> tag), except the model catalog
/// (<c>/v1/models</c>); a failure is a call answered with a status of 400 or more. Counts are kept in
/// a ring of 1,440 one-minute slots (24 hours), each with one counter pair per model, under one lock:
/// a measurement is one slot lookup and two adds. At most <see cref="MaxModels"/> model names are
/// kept apart (the catalog has fewer); any further name counts as <see cref="OtherModel"/>.
/// </remarks>
internal sealed class CallStatistics : ICallStatistics, IDisposable
{
    /// <summary>How many distinct model names are counted apart.</summary>
    public const int MaxModels = 64;

    /// <summary>The name under which models beyond <see cref="MaxModels"/> are counted.</summary>
    public const string OtherModel = "other";

    private const int SlotCount = 24 * 60;
    private const long MinuteMs = 60_000;
    private const long HourMs = 60 * MinuteMs;
    private const int Buckets = 24;

    private readonly TimeProvider _time;
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly Slot?[] _slots = new Slot?[SlotCount];
    private readonly Dictionary<string, int> _modelIndex = new(StringComparer.Ordinal);
    private readonly List<string> _models = [];

    public CallStatistics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meterFactory)
                    && instrument.Meter.Name == ProxyTelemetry.Name
                    && instrument.Name == ProxyTelemetry.RequestsInstrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public CallSummary Snapshot()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var nowMinute = nowMs / MinuteMs;
        var firstBucket = (nowMs / HourMs * HourMs) - ((Buckets - 1) * HourMs);
        var series = new (long Calls, long Failures)[Buckets];
        lock (_gate)
        {
            var perModel = new (long HourCalls, long HourFailures, long DayCalls, long DayFailures)[_models.Count];
            foreach (var slot in _slots)
            {
                if (slot is null || slot.Minute <= nowMinute - SlotCount || slot.Minute > nowMinute)
                {
                    continue;
                }

                var inHour = slot.Minute > nowMinute - 60;
                var start = slot.Minute * MinuteMs;
                var bucket = start >= firstBucket ? (int)((start - firstBucket) / HourMs) : -1;
                for (var m = 0; m < slot.Used; m++)
                {
                    var (calls, failures) = (slot.Calls[m], slot.Failures[m]);
                    ref var model = ref perModel[m];
                    model.DayCalls += calls;
                    model.DayFailures += failures;
                    if (inHour)
                    {
                        model.HourCalls += calls;
                        model.HourFailures += failures;
                    }

                    if (bucket >= 0)
                    {
                        series[bucket].Calls += calls;
                        series[bucket].Failures += failures;
                    }
                }
            }

            var models = new List<ModelCalls>();
            for (var m = 0; m < perModel.Length; m++)
            {
                var (hourCalls, hourFailures, dayCalls, dayFailures) = perModel[m];
                if (dayCalls > 0)
                {
                    models.Add(new ModelCalls(_models[m], hourCalls, hourFailures, dayCalls, dayFailures));
                }
            }

            models.Sort((a, b) => a.DayCalls != b.DayCalls ? b.DayCalls.CompareTo(a.DayCalls) : string.CompareOrdinal(a.Model, b.Model));
            return new CallSummary(
                new CallCounts(models.Sum(m => m.HourCalls), models.Sum(m => m.HourFailures)),
                new CallCounts(models.Sum(m => m.DayCalls), models.Sum(m => m.DayFailures)),
                models,
                [.. series.Select((b, i) => new CallBucket(firstBucket + (i * HourMs), b.Calls, b.Failures))]);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? route = null;
        string? model = null;
        var status = 0;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "route": route = tag.Value as string; break;
                case "model": model = tag.Value as string; break;
                case "status": status = tag.Value is int code ? code : 0; break;
            }
        }

        if (string.IsNullOrEmpty(model) || value <= 0
            || (route is not null && route.StartsWith("/v1/models", StringComparison.Ordinal)))
        {
            return;
        }

        Record(model, status >= StatusCodes.Status400BadRequest, value);
    }

    private void Record(string model, bool failed, long count)
    {
        var minute = _time.GetUtcNow().ToUnixTimeMilliseconds() / MinuteMs;
        lock (_gate)
        {
            var index = IndexOf(model);
            var slot = _slots[minute % SlotCount] ??= new Slot();
            if (slot.Minute != minute)
            {
                slot.Reset(minute);
            }

            slot.Add(index, count, failed);
        }
    }

    private int IndexOf(string model)
    {
        if (_modelIndex.TryGetValue(model, out var index))
        {
            return index;
        }

        if (_models.Count >= MaxModels)
        {
            return IndexOf(OtherModel);
        }

        index = _models.Count;
        _models.Add(model);
        _modelIndex[model] = index;
        return index;
    }

    /// <summary>One minute: a counter pair per model index, grown as models appear.</summary>
    private sealed class Slot
    {
        public long Minute { get; private set; } = -1;

        public int Used { get; private set; }

        public long[] Calls { get; private set; } = new long[4];

        public long[] Failures { get; private set; } = new long[4];

        public void Reset(long minute)
        {
            Minute = minute;
            Array.Clear(Calls);
            Array.Clear(Failures);
            Used = 0;
        }

        public void Add(int model, long count, bool failed)
        {
            if (model >= Calls.Length)
            {
                var size = Math.Max(model + 1, Calls.Length * 2);
                Calls = [.. Calls, .. new long[size - Calls.Length]];
                Failures = [.. Failures, .. new long[size - Failures.Length]];
            }

            Calls[model] += count;
            if (failed)
            {
                Failures[model] += count;
            }

            Used = Math.Max(Used, model + 1);
        }
    }
}
