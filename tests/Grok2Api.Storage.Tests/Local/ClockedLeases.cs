using Grok2Api.Storage.Coordination;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Storage.Tests.Local;

/// <summary>
/// Leases kept the way a shared store keeps them, for several "instances" at once: each lease has a
/// holder and expires by the given clock unless renewed. <see cref="For"/> gives one instance's view.
/// </summary>
internal sealed class ClockedLeases(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Holder, DateTimeOffset Expires)> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreUnavailableException> _failNext = new(StringComparer.Ordinal);
    private readonly Signal _changed = new();

    /// <summary>The leases as <paramref name="instance"/> sees them.</summary>
    public IStoreLeases For(string instance) => new View(this, instance);

    /// <summary>Who holds <paramref name="name"/> now, or null when it is free or expired.</summary>
    public string? HolderOf(string name)
    {
        lock (_gate)
        {
            return _held.TryGetValue(name, out var lease) && lease.Expires > time.GetUtcNow() ? lease.Holder : null;
        }
    }

    /// <summary>Another instance takes <paramref name="name"/>, as if the holder's lease had expired.</summary>
    public void TakeOver(string name, string instance, TimeSpan ttl)
    {
        lock (_gate)
        {
            _held[name] = (instance, time.GetUtcNow() + ttl);
        }
    }

    /// <summary>The next attempt of <paramref name="instance"/> throws <paramref name="failure"/>.</summary>
    public void FailNext(string instance, StoreUnavailableException failure)
    {
        lock (_gate)
        {
            _failNext[instance] = failure;
        }
    }

    /// <summary>Waits (bounded) until <paramref name="instance"/> has tried to take or renew a lease <paramref name="count"/> times.</summary>
    public Task WaitForAttemptsAsync(string instance, int count, CancellationToken cancellationToken) =>
        _changed.WaitUntilAsync(
            () =>
            {
                lock (_gate)
                {
                    return _attempts.GetValueOrDefault(instance) >= count;
                }
            },
            cancellationToken);

    private bool TryAcquire(string instance, string name, TimeSpan ttl)
    {
        try
        {
            lock (_gate)
            {
                _attempts[instance] = _attempts.GetValueOrDefault(instance) + 1;
                if (_failNext.Remove(instance, out var failure))
                {
                    throw failure;
                }

                var now = time.GetUtcNow();
                if (_held.TryGetValue(name, out var lease) && lease.Holder != instance && lease.Expires > now)
                {
                    return false;
                }

                _held[name] = (instance, now + ttl);
                return true;
            }
        }
        finally
        {
            _changed.Raise();
        }
    }

    private void Release(string instance, string name)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(name, out var lease) && lease.Holder == instance)
            {
                _held.Remove(name);
            }
        }
    }

    private sealed class View(ClockedLeases leases, string instance) : IStoreLeases
    {
        public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
        {
            try
            {
                return Task.FromResult(leases.TryAcquire(instance, name, ttl));
            }
            catch (StoreUnavailableException ex)
            {
                return Task.FromException<bool>(ex);
            }
        }

        public Task ReleaseAsync(string name, CancellationToken cancellationToken)
        {
            leases.Release(instance, name);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// Wakes whoever waits for a condition each time something changes; every wait is bounded by
/// <see cref="Bound"/> of real time, so a test that breaks fails instead of hanging.
/// </summary>
internal sealed class Signal
{
    /// <summary>The longest a wait lasts.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Something changed: waiters look at their condition again.</summary>
    public void Raise()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <see cref="Bound"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(Bound);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                next = _next.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await next.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The condition did not hold within {Bound.TotalSeconds:0} s.");
            }
        }
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created on it, so a test knows a wait has begun before it moves the clock.</summary>
internal sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Signal _created = new();
    private int _timers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        _created.Raise();
        return timer;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> timers have been created.</summary>
    public Task WaitForTimersAsync(int count, CancellationToken cancellationToken) =>
        _created.WaitUntilAsync(() => Volatile.Read(ref _timers) >= count, cancellationToken);
}
