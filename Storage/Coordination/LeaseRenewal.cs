namespace Grok2Api.Storage.Coordination;

/// <summary>
/// Keeps a lease that this instance has just taken for as long as some work runs under it: every
/// <c>renewEvery</c> on the given clock it renews the lease (<see cref="IStoreLeases.TryAcquireAsync"/>),
/// in the background, like the refresh scheduler does. When a renewal answers false (the lease expired
/// and another instance took it) or throws <see cref="StoreUnavailableException"/>, <see cref="Token"/>
/// is cancelled and <see cref="Failure"/> says why, so that the work stops instead of running on
/// next to the new holder. Disposing stops the renewals; it does not release the lease.
/// </summary>
public sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly IStoreLeases _leases;
    private readonly string _name;
    private readonly TimeSpan _ttl;
    private readonly CancellationTokenSource _stop;
    private readonly PeriodicTimer _timer;
    private readonly Task _renewing;
    private StoreUnavailableException? _failure;

    private LeaseRenewal(IStoreLeases leases, string name, TimeSpan ttl, TimeSpan renewEvery, TimeProvider time, CancellationToken cancellationToken)
    {
        _leases = leases;
        _name = name;
        _ttl = ttl;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Created here, not in the loop, so the first renewal is due renewEvery after the lease was taken.
        _timer = new PeriodicTimer(renewEvery, time);
        _renewing = Task.Run(RenewAsync, CancellationToken.None);
    }

    /// <summary>
    /// Cancelled when the lease was lost (<see cref="Failure"/> is then set), when the caller's token
    /// is cancelled, or once this is disposed. The work under the lease runs with it.
    /// </summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the lease was lost; null while it is held.</summary>
    public StoreUnavailableException? Failure => Volatile.Read(ref _failure);

    /// <summary>The shortest renewal period: a timer cannot tick faster.</summary>
    internal static TimeSpan MinimumPeriod { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Starts renewing the lease <paramref name="name"/>, which this instance must hold already.
    /// </summary>
    /// <param name="leases">The store's leases.</param>
    /// <param name="name">The lease name.</param>
    /// <param name="ttl">The lease time asked at each renewal.</param>
    /// <param name="renewEvery">How often to renew (<see cref="StoreLeaseOptions.RenewEvery"/>: a third of the lease time); at least 1 ms.</param>
    /// <param name="time">The clock of the renewals.</param>
    /// <param name="cancellationToken">Stops the renewals and cancels <see cref="Token"/>.</param>
    /// <returns>The running renewal; dispose it when the work is done.</returns>
    public static LeaseRenewal Start(
        IStoreLeases leases, string name, TimeSpan ttl, TimeSpan renewEvery, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(time);
        return new LeaseRenewal(leases, name, ttl, renewEvery < MinimumPeriod ? MinimumPeriod : renewEvery, time, cancellationToken);
    }

    /// <summary>Stops the renewals and waits for a renewal in flight to end. The lease is not released.</summary>
    /// <returns>A task that completes when the renewals have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        var token = _stop.Token;
        try
        {
            while (await _timer.WaitForNextTickAsync(token))
            {
                if (!await _leases.TryAcquireAsync(_name, _ttl, token))
                {
                    Lose(new StoreUnavailableException(
                        $"the lease {_name} was taken by another instance: it expired before this instance renewed it"));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (StoreUnavailableException ex)
        {
            // A renewal cut short by the stop is no loss.
            if (!token.IsCancellationRequested)
            {
                Lose(ex);
            }
        }
    }

    private void Lose(StoreUnavailableException failure)
    {
        Volatile.Write(ref _failure, failure);
        _stop.Cancel();
    }
}
