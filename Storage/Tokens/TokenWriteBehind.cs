using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// The <see cref="ITokenWriteBehind"/> of every store: one background loop that, after the first
/// mark, waits <c>token.save_delay_ms</c> (read live), then writes every dirty token's current record
/// in one <see cref="ITokenStore.SaveAsync"/>. Marks made during a write go into the next batch; a
/// failed write puts its tokens back and is retried with exponential backoff; host shutdown flushes.
/// </summary>
internal sealed partial class TokenWriteBehind : ITokenWriteBehind
{
    /// <summary>The wait before the first retry of a failed write; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between retries of a failed write.</summary>
    /// <remarks>Short enough that changes held through a store outage are written soon after the store returns.</remarks>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly ITokenStore _store;
    private readonly IOptionsMonitor<TokenSection> _token;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TokenWriteBehind> _logger;
    private ITokenSnapshotSource? _source;
    private List<TaskCompletionSource> _flushWaiters = [];
    private TaskCompletionSource _wake = NewSignal();
    private Task? _loop;
    private int _idle;
    private bool _stopRequested;
    private bool _stopped;

    /// <summary>Creates the write-behind over <paramref name="store"/>.</summary>
    public TokenWriteBehind(ITokenStore store, IOptionsMonitor<TokenSection> token, TimeProvider timeProvider, ILogger<TokenWriteBehind> logger)
    {
        _store = store;
        _token = token;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public void Attach(ITokenSnapshotSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var existing = Interlocked.CompareExchange(ref _source, source, null);
        if (existing is not null && !ReferenceEquals(existing, source))
        {
            throw new InvalidOperationException("The token write-behind is already attached to another snapshot source.");
        }
    }

    /// <inheritdoc />
    public void MarkDirty(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Volatile.Read(ref _source) is null)
        {
            throw new InvalidOperationException("Attach a snapshot source before marking tokens dirty.");
        }

        // TryAdd allocates only when the token was not dirty yet.
        if (!_dirty.TryAdd(token, 0))
        {
            return;
        }

        EnsureStarted();
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _idle) == 1)
        {
            Wake();
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped)
            {
                return _dirty.IsEmpty
                    ? Task.CompletedTask
                    : Task.FromException(new InvalidOperationException($"The token write-behind has stopped; {_dirty.Count} token changes were not written."));
            }

            _flushWaiters.Add(waiter);
        }

        EnsureStarted();
        Wake();
        return waiter.Task.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private TaskCompletionSource ResetWake()
    {
        var next = NewSignal();
        Interlocked.Exchange(ref _wake, next);
        return next;
    }

    private bool InHurry()
    {
        lock (_gate)
        {
            return _flushWaiters.Count > 0 || _stopRequested;
        }
    }

    private bool StopRequested()
    {
        lock (_gate)
        {
            return _stopRequested;
        }
    }

    private async Task RunAsync()
    {
        var cancellationToken = _abort.Token;
        var failures = 0;
        try
        {
            while (await WaitForWorkAsync(cancellationToken))
            {
                if (failures == 0)
                {
                    // The save delay: a flush or a stop cuts it short.
                    await DelayAsync(SaveDelay(), InHurry, cancellationToken);
                }
                else if (StopRequested())
                {
                    // Shutting down: keep retrying, but no slower than the first retry delay.
                    await DelayAsync(FirstRetryDelay, static () => false, cancellationToken);
                }
                else
                {
                    // Backing off: a flush does not cut it short (that could spin on a broken store), a stop does.
                    await DelayAsync(RetryDelay(failures), StopRequested, cancellationToken);
                }

                failures = await WriteBatchAsync(failures, cancellationToken) ? 0 : failures + 1;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Finish();
        }
    }

    private async Task<bool> WaitForWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = ResetWake();
            Volatile.Write(ref _idle, 1);
            Interlocked.MemoryBarrier();
            bool waiting;
            bool stopping;
            lock (_gate)
            {
                waiting = _flushWaiters.Count > 0;
                stopping = _stopRequested;
            }

            if (waiting || !_dirty.IsEmpty)
            {
                Volatile.Write(ref _idle, 0);
                return true;
            }

            if (stopping)
            {
                Volatile.Write(ref _idle, 0);
                return false;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task DelayAsync(TimeSpan delay, Func<bool> cutShort, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero || cutShort())
        {
            return;
        }

        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, _timeProvider, delayCancellation.Token);
        while (true)
        {
            // Only a flush or a stop wakes us here; marks during the delay join this batch silently.
            var signal = ResetWake();
            if (cutShort() || await Task.WhenAny(elapsed, signal.Task) == elapsed)
            {
                break;
            }
        }

        await delayCancellation.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task<bool> WriteBatchAsync(int failures, CancellationToken cancellationToken)
    {
        // Taken before anything is removed from the dirty set: a cancelled wait loses nothing.
        await _writing.WaitAsync(cancellationToken);
        try
        {
            return await WriteBatchCoreAsync(failures, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<bool> WriteBatchCoreAsync(int failures, CancellationToken cancellationToken)
    {
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            waiters = _flushWaiters;
            _flushWaiters = [];
        }

        // Remove before reading the snapshots: a mark that lands after the removal re-adds the
        // token for the next batch, and one that landed before it is covered by the snapshot.
        var tokens = new List<string>();
        foreach (var pair in _dirty)
        {
            if (_dirty.TryRemove(pair.Key, out _))
            {
                tokens.Add(pair.Key);
            }
        }

        try
        {
            if (tokens.Count > 0)
            {
                var changes = BuildChanges(tokens);
                if (!changes.IsEmpty)
                {
                    await _store.SaveAsync(changes, cancellationToken);
                    Volatile.Read(ref _source)!.Committed(changes);
                    Log.Written(_logger, changes.Upserts.Count, changes.Updates.Count, changes.Deletes.Count);
                }
            }

            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }

            return true;
        }
        catch (Exception ex)
        {
            foreach (var token in tokens)
            {
                _dirty.TryAdd(token, 0);
            }

            lock (_gate)
            {
                waiters.AddRange(_flushWaiters);
                _flushWaiters = waiters;
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Log.WriteFailed(_logger, ex, tokens.Count, failures + 1, RetryDelay(failures + 1).TotalMilliseconds);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IDisposable> PauseAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        return new Pause(_writing);
    }

    private TokenChangeSet BuildChanges(List<string> tokens)
    {
        var source = Volatile.Read(ref _source)!;
        var changes = new TokenChangeSet();
        foreach (var token in tokens)
        {
            switch (source.TakeChange(token, out var update))
            {
                case TokenChangeKind.Delete:
                    changes.Deletes.Add(token);
                    break;
                case TokenChangeKind.Upsert or TokenChangeKind.Update when !IsValid(update!.Values):
                    Log.InvalidSnapshot(_logger, TokenIdentity.IdOf(token));
                    break;
                case TokenChangeKind.Upsert:
                    changes.Upserts.Add(update!.Values);
                    break;
                case TokenChangeKind.Update when !update!.IsEmpty:
                    changes.Updates.Add(update);
                    break;
            }
        }

        return changes;
    }

    private static bool IsValid(PooledToken snapshot) =>
        snapshot.Token is not null && !string.IsNullOrWhiteSpace(snapshot.Pool) && !string.IsNullOrWhiteSpace(snapshot.Token.Token);

    private sealed class Pause(SemaphoreSlim writing) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writing.Release();
            }
        }
    }

    private TimeSpan SaveDelay()
    {
        var milliseconds = _token.CurrentValue.SaveDelayMs;
        return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
    }

    private static TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = TimeSpan.FromMilliseconds(FirstRetryDelay.TotalMilliseconds * factor);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
