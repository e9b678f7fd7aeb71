using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Video;

/// <summary>
/// Upscale calls received (oldest first) and the outcomes queued for the next ones; a call without a queued
/// outcome gets <see cref="UpscaleOutcome.Succeeds"/>. Thread-safe.
/// </summary>
public sealed class UpscaleRegistry : MediaLog<UpscaleCall, UpscaleOutcome>
{
    /// <summary>A snapshot of every well-formed upscale call, oldest first.</summary>
    public IReadOnlyList<UpscaleCall> Calls => Items;
}
