namespace Grok2Api.Proxy.Pipeline;

/// <summary>
/// The upstream work of one request, run once per account the pipeline leases: one conversation
/// call, several calls with the same account (upload-file, media post, conversation), a WebSocket
/// session (Imagine), or an answer followed by a follow-up call (video upscale). It writes the
/// answer through <see cref="UpstreamAttempt.Writer"/> and says when the answer begins
/// (<see cref="UpstreamAttempt.Commit"/>); the pipeline does the rest.
/// </summary>
/// <remarks>
/// An exchange reports expected failures as values and never retries on its own: the pipeline
/// decides whether another account is tried. It may throw only what a broken connection or the
/// attempt's cancellation throws; the pipeline turns those into failures too.
/// </remarks>
internal interface IUpstreamExchange
{
    /// <summary>The name metrics and logs give this exchange (e.g. <c>conversations_new</c>).</summary>
    string Name { get; }

    /// <summary>Runs the exchange with the attempt's account.</summary>
    /// <param name="attempt">The attempt: account, writer, time limits, commit.</param>
    /// <returns>Null once the answer is complete and the writer completed; otherwise what failed.</returns>
    ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt);
}
