using Grok2Api.Proxy.Upstream;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// The state of one attempt shared by the forwarder call and its transformer: the prepared call,
/// the payload, the translator, and the one timer that bounds first the start of the answer
/// (<c>chat.timeout</c>) and then every silence between lines (<c>chat.stream_timeout</c>).
/// </summary>
internal sealed class ChatAttemptContext : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly TimeSpan _streamTimeout;

    public ChatAttemptContext(
        PreparedGrokCall call,
        byte[] payload,
        ChatTranslator translator,
        ChatTranslationOptions translation,
        TimeSpan startTimeout,
        TimeSpan streamTimeout,
        CancellationToken requestAborted)
    {
        Call = call;
        ModelId = translation.Model;
        Stream = translation.Stream;
        Payload = payload;
        Translator = translator;
        RequestAborted = requestAborted;
        StartTimeout = startTimeout;
        _streamTimeout = streamTimeout;
        _timer = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _timer.CancelAfter(startTimeout);
    }

    public PreparedGrokCall Call { get; }

    public byte[] Payload { get; }

    /// <summary>The public model id (for error messages).</summary>
    public string ModelId { get; }

    /// <summary>Whether the client asked for an event stream.</summary>
    public bool Stream { get; }

    public ChatTranslator Translator { get; }

    public CancellationToken RequestAborted { get; }

    public TimeSpan StartTimeout { get; }

    public TimeSpan StreamTimeout => _streamTimeout;

    /// <summary>Fires when the client leaves or the current wait (start, or silence between lines) runs out.</summary>
    public CancellationToken Timer => _timer.Token;

    /// <summary>Whether the first line arrived (the start timeout no longer applies).</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the answer has begun (the first visible line arrived and the response headers are decided).</summary>
    public bool Committed { get; set; }

    /// <summary>
    /// Whether a failure now can no longer move to another account: a stream has sent its first chunk.
    /// A non-stream answer is only written once complete, so until then another account can still answer it whole.
    /// </summary>
    public bool SentToClient => Committed && Stream;

    /// <summary>Set by the transformer; null when the forwarder failed before a response arrived.</summary>
    public ChatAttemptResult? Result { get; set; }

    /// <summary>A line arrived: from now on (again) the stream timeout runs.</summary>
    public void LineReceived()
    {
        Started = true;
        _timer.CancelAfter(_streamTimeout);
    }

    /// <summary>Stops the timer while the client is written to: a slow client is not an upstream stall (Kestrel's minimum data rate bounds the client).</summary>
    public void PauseTimer() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Restarts the silence timer after a write.</summary>
    public void ResumeTimer() => _timer.CancelAfter(Started ? _streamTimeout : StartTimeout);

    /// <summary>Why <see cref="Timer"/> fired: the client left, the start took too long, or the stream went silent.</summary>
    public ChatAttemptResult TimedOutOrAborted()
    {
        if (RequestAborted.IsCancellationRequested)
        {
            return ChatAttemptResult.Aborted;
        }

        var failure = Started
            ? new ChatFailure(ChatFailureKind.Stalled, 200, $"no data for {_streamTimeout.TotalSeconds:0.###} s")
            : new ChatFailure(ChatFailureKind.StartTimeout, null, $"no answer within {StartTimeout.TotalSeconds:0.###} s");
        return SentToClient ? ChatAttemptResult.After(failure) : ChatAttemptResult.Before(failure);
    }

    public void Dispose()
    {
        _timer.Dispose();
        Translator.Dispose();
    }
}
