using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// Upscale calls received (oldest first) and the outcomes queued for the next ones; a call without a queued
/// outcome gets <see cref="UpscaleOutcome.Succeeds"/>. Thread-safe.
/// </summary>
public sealed class UpscaleRegistry
{
    private readonly RecordList<UpscaleCall> _calls = new();
    private readonly OutcomeQueue<UpscaleOutcome> _outcomes = new();

    /// <summary>A snapshot of every well-formed upscale call, oldest first.</summary>
    public IReadOnlyList<UpscaleCall> Calls => _calls.Snapshot();

    /// <summary>Outcomes queued and not used yet.</summary>
    public int PendingCount => _outcomes.PendingCount;

    /// <summary>Answers the next upscale of <paramref name="token"/> (null: of any token) with <paramref name="outcome"/>.</summary>
    public void Enqueue(string? token, UpscaleOutcome outcome) => _outcomes.Enqueue(token, outcome);

    /// <summary>Forgets calls and queued outcomes.</summary>
    public void Clear()
    {
        _calls.Clear();
        _outcomes.Clear();
    }

    internal UpscaleOutcome TakeOutcome(string token) => _outcomes.Take(token);

    internal void Add(UpscaleCall call) => _calls.Add(call);
}
