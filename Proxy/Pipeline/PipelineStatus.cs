namespace Grok2Api.Proxy.Pipeline;

/// <summary>How a request through the pipeline ended.</summary>
internal enum PipelineStatus
{
    /// <summary>An account answered and the whole answer was sent.</summary>
    Succeeded,

    /// <summary>No account answered; the client got the protocol's error response.</summary>
    Failed,

    /// <summary>A stream failed after it began; the client got an error event to end it. No other account was tried.</summary>
    FailedAfterCommit,

    /// <summary>The client went away.</summary>
    ClientAborted,
}
