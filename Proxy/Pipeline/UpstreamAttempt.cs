using System.Diagnostics;

namespace Grok2Api.Proxy.Pipeline;

/// <summary>
/// One account's try at a request: the leased account, the writer of the answer, and the one timer
/// that bounds first the start of the answer (<see cref="AttemptTimeouts.Start"/>) and then every
/// silence in it (<see cref="AttemptTimeouts.Silence"/>). The pipeline creates it; the exchange uses it.
/// Not thread-safe.
/// </summary>
internal sealed class UpstreamAttempt : IDisposable
{
    /// <summary>
    /// The longest the silence limit is re-armed late: data that arrives within this time of the
    /// last re-arm does not move the timer (an answer's lines come in bursts, and moving a timer
    /// takes the timer queue's lock), so the silence limit fires between
    /// <see cref="AttemptTimeouts.Silence"/> and this much later after the last data.
    /// </summary>
    internal static readonly TimeSpan SilenceSlack = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _timer;
    private readonly TimeSpan _slack;
    private long _armedAt;
    private readonly AttemptTimeouts _timeouts;
    private readonly IClientSurface _surface;
    private bool _timing;

    public UpstreamAttempt(HttpContext http, TokenLease lease, AnswerWriter writer, IClientSurface surface, AttemptTimeouts timeouts)
    {
        Http = http;
        Lease = lease;
        Writer = writer;
        _surface = surface;
        _timeouts = timeouts;
        // At most a sixteenth of the limit late, so a short test limit stays close to exact.
        _slack = TimeSpan.FromTicks(Math.Min(SilenceSlack.Ticks, timeouts.Silence.Ticks / 16));
        _timer = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    }

    /// <summary>The client's request.</summary>
    public HttpContext Http { get; }

    /// <summary>The leased account.</summary>
    public TokenLease Lease { get; }

    /// <summary>The writer of the answer, in the client's protocol.</summary>
    public AnswerWriter Writer { get; }

    /// <summary>Fires when the client leaves or, once the answer was requested, when a wait runs out.</summary>
    public CancellationToken Cancellation => _timer.Token;

    /// <summary>Fires when the client leaves.</summary>
    public CancellationToken RequestAborted => Http.RequestAborted;

    /// <summary>Whether data of the answer arrived (the start limit no longer applies).</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the answer has begun: the response headers are decided.</summary>
    public bool Committed { get; private set; }

    /// <summary>
    /// Whether a failure now can no longer move to another account: a stream has sent its first event.
    /// A whole answer is written only once complete, so until then another account can still answer it;
    /// so can a stream whose writer holds back all it got so far (<see cref="AnswerWriter.HasOutput"/>).
    /// </summary>
    public bool SentToClient => Committed && Writer.Streams && Writer.HasOutput;

    /// <summary>The request whose answer the time limits bound is being sent: the start limit runs from now.</summary>
    public void AnswerRequested()
    {
        _timing = true;
        _timer.CancelAfter(_timeouts.Start);
    }

    /// <summary>Data of the answer arrived: from now on (again) the silence limit runs.</summary>
    /// <remarks>
    /// The timer is moved only when the slack (<see cref="SilenceSlack"/>) has passed since it was last
    /// set, to the limit plus the slack: it then never fires before the limit has passed since the last
    /// data, and at most the slack after it. Per line, this is a clock read instead of a timer change.
    /// </remarks>
    public void Received()
    {
        var now = Stopwatch.GetTimestamp();
        if (Started && Stopwatch.GetElapsedTime(_armedAt, now) < _slack)
        {
            return;
        }

        Started = true;
        _timing = true;
        ArmSilence(now);
    }

    private void ArmSilence(long now)
    {
        _armedAt = now;
        _timer.CancelAfter(_timeouts.Silence + _slack);
    }

    /// <summary>The answer begins (the first visible output is about to be written): the status and headers are set.</summary>
    public void Commit()
    {
        if (Committed)
        {
            return;
        }

        Committed = true;
        var response = Http.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            _surface.WriteHeaders(response, Writer);
        }
    }

    /// <summary>
    /// Sends what the writer wrote to a stream's client. The timer stops while the client is written
    /// to: a slow client is not an upstream stall (Kestrel's minimum data rate bounds the client).
    /// </summary>
    public async ValueTask FlushAsync()
    {
        if (!SentToClient)
        {
            return;
        }

        _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        await Http.Response.BodyWriter.FlushAsync(RequestAborted);
        if (_timing)
        {
            if (Started)
            {
                ArmSilence(Stopwatch.GetTimestamp());
            }
            else
            {
                _timer.CancelAfter(_timeouts.Start);
            }
        }
    }

    /// <summary>What it means that <see cref="Cancellation"/> fired: null when the client left, otherwise a time-out.</summary>
    public UpstreamFailure? Expired()
    {
        if (RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        return Started
            ? new UpstreamFailure(UpstreamFailureKind.Stalled, $"no data for {_timeouts.Silence.TotalSeconds:0.###} s") { Status = 200 }
            : new UpstreamFailure(UpstreamFailureKind.Timeout, $"no answer within {_timeouts.Start.TotalSeconds:0.###} s");
    }

    public void Dispose() => _timer.Dispose();
}
