namespace Grok2Api.Simulator.Recording;

/// <summary>The live, mutable state of a request being recorded. Only <see cref="RequestRecorder"/> mutates it, under its lock.</summary>
internal sealed class RequestRecord(RecordedRequest initial)
{
    public RecordedRequest Current { get; set; } = initial;

    /// <summary>Set before the simulator aborts the connection itself, so the abort is not blamed on the client.</summary>
    public bool ServerAbortPending { get; set; }
}
