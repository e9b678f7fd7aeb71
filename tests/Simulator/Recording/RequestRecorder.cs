namespace Grok2Api.Simulator.Recording;

/// <summary>Thread-safe log of received requests with change notification for waiters.</summary>
internal sealed class RequestRecorder(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly List<RequestRecord> _records = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _nextId;

    public RequestRecord Begin(RecordedRequest initial)
    {
        RequestRecord record;
        lock (_lock)
        {
            record = new RequestRecord(initial with { Id = ++_nextId });
            _records.Add(record);
        }

        Signal();
        return record;
    }

    public void Update(RequestRecord record, Func<RecordedRequest, RecordedRequest> change)
    {
        lock (_lock)
        {
            record.Current = change(record.Current);
        }

        Signal();
    }

    public void MarkServerAborting(RequestRecord record)
    {
        lock (_lock)
        {
            record.ServerAbortPending = true;
            record.Current = record.Current with { ServerAborted = true };
        }

        Signal();
    }

    public void MarkAborted(RequestRecord record)
    {
        lock (_lock)
        {
            if (record.ServerAbortPending || record.Current.IsCompleted || record.Current.ClientAborted)
            {
                return;
            }

            record.Current = record.Current with { ClientAborted = true, AbortedAt = timeProvider.GetUtcNow() };
        }

        Signal();
    }

    public void End(RequestRecord record, int statusCode)
    {
        Update(record, r => r with { EndedAt = timeProvider.GetUtcNow(), StatusCode = statusCode });
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return _records.Select(r => r.Current).ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _records.Clear();
        }

        Signal();
    }

    /// <summary>Waits (wall-clock <paramref name="timeout"/>) until a recorded request satisfies the predicate.</summary>
    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = new CancellationTokenSource(timeout, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        while (true)
        {
            Task changed;
            List<RecordedRequest> snapshot;
            lock (_lock)
            {
                changed = _changed.Task;
                snapshot = _records.Select(r => r.Current).ToList();
            }

            var match = snapshot.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            try
            {
                await changed.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No matching request within {timeout}. Recorded: {string.Join(", ", snapshot.Select(r => $"{r.Method} {r.Path}"))}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = NewSignal();
        }

        old.TrySetResult();
    }
}
