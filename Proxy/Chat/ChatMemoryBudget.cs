namespace Grok2Api.Proxy.Chat;

/// <summary>
/// The process-wide budget of request bytes chat requests hold in memory at once
/// (<c>chat.max_inflight_mb</c>). A request reserves its body size before reading it and keeps the
/// reservation until it ends (its inline attachments are slices of that body, so the reservation
/// covers them). A request that does not fit waits, bounded, for others to end; a request larger than
/// the whole budget is admitted alone. The capacity follows config changes. Thread-safe.
/// </summary>
internal sealed class ChatMemoryBudget(IOptionsMonitor<ChatSection> config, TimeProvider time)
{
    private const long Megabyte = 1024L * 1024;

    private readonly Lock _gate = new();
    private long _held;
    private TaskCompletionSource _released = NewSignal();

    // Whether a request took the current signal to wait on it: a release with nobody waiting keeps the
    // signal, so the common case (room at once) allocates no new one per request.
    private bool _signalWatched;

    /// <summary>Bytes reserved by requests in flight.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> (capped at the whole budget), waiting at most <paramref name="wait"/>.</summary>
    /// <param name="bytes">The bytes the request will hold.</param>
    /// <param name="wait">The longest wait for room.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The reservation (dispose it when the request ends), or null when there was no room in time.</returns>
    public async ValueTask<ChatMemoryLease?> AcquireAsync(long bytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            Task released;
            lock (_gate)
            {
                var capacity = config.CurrentValue.MaxInflightMb * Megabyte;
                var wanted = Math.Clamp(bytes, 0, capacity);
                if (_held + wanted <= capacity)
                {
                    _held += wanted;
                    return new ChatMemoryLease(this, wanted);
                }

                released = _released.Task;
                _signalWatched = true;
            }

            var left = wait - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            using var timeout = new CancellationTokenSource(left, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await released.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>Gives back part or all of a reservation and wakes the waiters.</summary>
    internal void Release(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        TaskCompletionSource? released = null;
        lock (_gate)
        {
            _held -= bytes;
            if (_signalWatched)
            {
                released = _released;
                _released = NewSignal();
                _signalWatched = false;
            }
        }

        released?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
