namespace Grok2Api.Simulator.Imagine;

/// <summary>How the simulator answers one Imagine WebSocket session (docs/grok-protocol.md §14).</summary>
public enum ImagineOutcome
{
    /// <summary>
    /// Every image of the session goes through preview, medium and final, then a <c>json</c> status
    /// <c>completed</c>, then a normal close (the default).
    /// </summary>
    Completes,

    /// <summary>Previews and medium images, never a final; the socket stays open until the client leaves (a blocked prompt).</summary>
    Blocked,

    /// <summary>Previews, then nothing: the socket stays open and silent until the client leaves.</summary>
    Stall,

    /// <summary>Previews, then <c>{"type":"error","err_code":"internal_error",...}</c> and a close.</summary>
    Error,

    /// <summary>Only the first image reaches final; the others stop at medium and the socket closes normally.</summary>
    OneFinal,
}
