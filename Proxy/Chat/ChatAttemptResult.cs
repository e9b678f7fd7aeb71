namespace Grok2Api.Proxy.Chat;

/// <summary>How one attempt ended.</summary>
internal enum ChatAttemptStatus
{
    /// <summary>The answer was sent completely.</summary>
    Succeeded,

    /// <summary>Nothing was sent to the client (a non-stream answer is sent only once complete); another account may be tried.</summary>
    FailedBeforeCommit,

    /// <summary>A stream had sent its first chunk when it failed; the client got an error event and <c>[DONE]</c>. No retry.</summary>
    FailedAfterCommit,

    /// <summary>The client went away.</summary>
    ClientAborted,
}

/// <summary>The result of one attempt.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Failure">What failed, unless it succeeded or the client left.</param>
internal sealed record ChatAttemptResult(ChatAttemptStatus Status, ChatFailure? Failure)
{
    public static ChatAttemptResult Success { get; } = new(ChatAttemptStatus.Succeeded, null);

    public static ChatAttemptResult Aborted { get; } = new(ChatAttemptStatus.ClientAborted, null);

    public static ChatAttemptResult Before(ChatFailure failure) => new(ChatAttemptStatus.FailedBeforeCommit, failure);

    public static ChatAttemptResult After(ChatFailure failure) => new(ChatAttemptStatus.FailedAfterCommit, failure);
}
