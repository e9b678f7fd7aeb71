namespace Grok2Api.Proxy.Media;

/// <summary>
/// A first-come first-served concurrency limit whose size is read at each use (a live config value):
/// raising it admits waiters as soon as <see cref="Pump"/> runs or a slot is released; lowering it
/// admits nobody until enough slots are released, so the new size is never exceeded by new entries.
/// Thread-safe.
/// </summary>
internal sealed class ConcurrencyLimit
{
    private readonly Func<int> _size;
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _inUse;

    /// <param name="size">Reads the current limit; values below 1 count as 1.</param>
    public ConcurrencyLimit(Func<int> size) => _size = size;

    /// <summary>Slots held now.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Callers waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Takes a slot, waiting at most <paramref name="timeout"/>; null when none freed up in time. Dispose the slot to release it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public async Task<IDisposable?> AcquireAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inUse < Size())
            {
                _inUse++;
                return new Slot(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(timeout, time, cancellationToken);
            return new Slot(this);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            bool granted;
            lock (_lock)
            {
                granted = node.List is null;
                if (!granted)
                {
                    _waiters.Remove(node);
                }
            }

            // The slot was handed over just as the wait ended: give it back to the next waiter.
            if (granted)
            {
                Release();
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return null;
        }
    }

    /// <summary>Admits waiters up to the current size; call it when the size may have grown.</summary>
    public void Pump()
    {
        lock (_lock)
        {
            PumpLocked();
        }
    }

    private int Size() => Math.Max(1, _size());

    private void Release()
    {
        lock (_lock)
        {
            _inUse--;
            PumpLocked();
        }
    }

    private void PumpLocked()
    {
        while (_waiters.First is { } first && _inUse < Size())
        {
            _waiters.RemoveFirst();
            _inUse++;
            first.Value.TrySetResult();
        }
    }

    private sealed class Slot(ConcurrencyLimit owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
