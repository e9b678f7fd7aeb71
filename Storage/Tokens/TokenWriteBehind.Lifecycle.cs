using Microsoft.Extensions.Hosting;

namespace Grok2Api.Storage.Tokens;

/// <content>Starting and stopping the background loop: host start, host shutdown (which flushes) and disposal.</content>
internal sealed partial class TokenWriteBehind : IHostedService, IDisposable
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Writes everything still dirty, then stops the loop. When <paramref name="cancellationToken"/> fires first, the pending write is abandoned and the loss is logged.</summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopRequested = true;
        }

        Wake();
        var loop = Volatile.Read(ref _loop);
        if (loop is null)
        {
            lock (_gate)
            {
                _stopped = true;
            }

            return;
        }

        try
        {
            await loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync();
            Log.ShutdownTimedOut(_logger, _dirty.Count);
        }
    }

    /// <summary>Stops the loop without flushing (use <see cref="StopAsync"/> to flush).</summary>
    public void Dispose() => _abort.Cancel();

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_gate)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private void Finish()
    {
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            _stopped = true;
            waiters = _flushWaiters;
            _flushWaiters = [];
        }

        var unwritten = _dirty.Count;
        if (unwritten > 0)
        {
            Log.StoppedWithUnwritten(_logger, unwritten);
        }

        foreach (var waiter in waiters)
        {
            if (unwritten == 0)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(new InvalidOperationException($"The token write-behind stopped; {unwritten} token changes were not written."));
            }
        }
    }
}
