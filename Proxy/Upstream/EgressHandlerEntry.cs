namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// One pooled handler for one proxy setting. Leases count the requests using it; once retired (the
/// config moved to another proxy) it is disposed when its grace period has passed and no lease is
/// left, so requests in flight are never cut off by a config change.
/// </summary>
internal sealed class EgressHandlerEntry : IDisposable
{
    private readonly Lock _lock = new();
    private int _leases;
    private bool _retired;
    private bool _graceElapsed;
    private bool _disposed;
    private ITimer? _graceTimer;

    public EgressHandlerEntry(HttpMessageInvoker invoker, string description)
    {
        Invoker = invoker;
        Description = description;
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>The redacted proxy (or "direct"), safe for logs.</summary>
    public string Description { get; }

    public bool IsDisposed
    {
        get
        {
            lock (_lock)
            {
                return _disposed;
            }
        }
    }

    public int Leases
    {
        get
        {
            lock (_lock)
            {
                return _leases;
            }
        }
    }

    public void AddLease()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _leases++;
        }
    }

    public void ReleaseLease()
    {
        lock (_lock)
        {
            _leases--;
            DisposeIfIdleLocked();
        }
    }

    public void Retire(TimeProvider time, TimeSpan grace)
    {
        lock (_lock)
        {
            if (_retired || _disposed)
            {
                return;
            }

            _retired = true;
            _graceTimer = time.CreateTimer(static state => ((EgressHandlerEntry)state!).OnGraceElapsed(), this, grace, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _graceTimer?.Dispose();
            Invoker.Dispose();
        }
    }

    private void OnGraceElapsed()
    {
        lock (_lock)
        {
            _graceElapsed = true;
            DisposeIfIdleLocked();
        }
    }

    private void DisposeIfIdleLocked()
    {
        if (_retired && _graceElapsed && _leases == 0 && !_disposed)
        {
            _disposed = true;
            _graceTimer?.Dispose();
            Invoker.Dispose();
        }
    }
}
