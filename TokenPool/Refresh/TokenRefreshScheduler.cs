using Grok2Api.Configuration;
using Grok2Api.Storage.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Every minute, when <c>token.auto_refresh</c> is on, re-syncs the tokens that are due
/// (<see cref="TokenRefresher.RefreshDueAsync"/>). Settings are read on each tick, so a config
/// change needs no restart. Ticks never overlap: a long run delays the next tick. With a store that
/// several instances share (an <see cref="IStoreLeases"/> is registered), only the instance holding
/// the <c>token_refresh</c> lease runs; it renews the lease every third of its time, also during a
/// run, and another instance takes over within one lease time when the holder dies. Between ticks, a
/// <see cref="TokenRefreshNudge"/> (a request found no account) starts the same run at once, under
/// the same conditions.
/// </summary>
internal sealed partial class TokenRefreshScheduler(
    TokenRefresher refresher,
    TokenRefreshNudge nudge,
    TokenPoolState state,
    IOptionsMonitor<TokenSection> tokenOptions,
    IEnumerable<IStoreLeases> leases,
    IOptions<StoreLeaseOptions> leaseOptions,
    TimeProvider timeProvider,
    ILogger<TokenRefreshScheduler> logger) : BackgroundService
{
    /// <summary>The lease name of the scheduler.</summary>
    public const string LeaseName = "token_refresh";

    private readonly IStoreLeases? _leases = leases.FirstOrDefault(l => l is not LocalLeases);
    private bool _holding;
    private long _lastRunMs = long.MinValue;

    /// <summary>Whether this instance holds the scheduler lease (always, without shared leases).</summary>
    internal bool Holding => _leases is null || Volatile.Read(ref _holding);

    /// <summary>Called after every tick (tests wait on it).</summary>
    internal Action? TickCompleted { get; set; }

    /// <summary>Called after every run started by a nudge (tests wait on it).</summary>
    internal Action? NudgeCompleted { get; set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WhenInitialized.WaitAsync(cancellationToken);
            var period = _leases is null ? TokenPoolConstants.RefreshTick : Min(TokenPoolConstants.RefreshTick, leaseOptions.Value.RenewEvery);
            using var timer = new PeriodicTimer(period, timeProvider);
            if (_leases is not null)
            {
                await KeepLeaseAsync(cancellationToken);
            }

            // The timer and the nudge are awaited together; the one that did not fire stays pending
            // for the next round (a PeriodicTimer allows one wait at a time).
            Task<bool>? tick = null;
            Task? nudged = null;
            while (true)
            {
                tick ??= timer.WaitForNextTickAsync(cancellationToken).AsTask();
                nudged ??= nudge.WaitAsync(cancellationToken);
                if (await Task.WhenAny(tick, nudged) == nudged)
                {
                    await nudged;
                    nudged = null;
                    await RunNudgedAsync(cancellationToken);
                    NudgeCompleted?.Invoke();
                    continue;
                }

                if (!await tick)
                {
                    break;
                }

                tick = null;
                if (_leases is null)
                {
                    await TickAsync(cancellationToken);
                }
                else if (await KeepLeaseAsync(cancellationToken) && Due())
                {
                    await RunHoldingLeaseAsync(cancellationToken);
                }

                TickCompleted?.Invoke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the lease up so another instance need not wait for it to expire.
            if (_leases is not null && Volatile.Read(ref _holding))
            {
                using var release = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _leases.ReleaseAsync(LeaseName, release.Token);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                    // It expires by itself.
                }
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// The run a nudge asks for: as a tick's, but with a shared store only where this instance
    /// already holds the lease (the holder's own ticks cover the others within a minute).
    /// </summary>
    private async Task RunNudgedAsync(CancellationToken cancellationToken)
    {
        if (_leases is null)
        {
            await TickAsync(cancellationToken);
        }
        else if (Holding)
        {
            await RunHoldingLeaseAsync(cancellationToken);
        }
    }

    private bool Due()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (_lastRunMs != long.MinValue && now - _lastRunMs < (long)TokenPoolConstants.RefreshTick.TotalMilliseconds)
        {
            return false;
        }

        _lastRunMs = now;
        return true;
    }

    /// <summary>Takes or renews the lease; false when another instance holds it or the store does not answer.</summary>
    private async Task<bool> KeepLeaseAsync(CancellationToken cancellationToken)
    {
        bool held;
        try
        {
            held = await _leases!.TryAcquireAsync(LeaseName, leaseOptions.Value.Ttl, cancellationToken);
        }
        catch (IOException)
        {
            held = false;
        }

        var was = Volatile.Read(ref _holding);
        Volatile.Write(ref _holding, held);
        if (held && !was)
        {
            Log.LeaseTaken(logger);
        }
        else if (!held && was)
        {
            Log.LeaseLost(logger);
        }

        return held;
    }

    private async Task RunHoldingLeaseAsync(CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = Task.Run(
            async () =>
            {
                using var renew = new PeriodicTimer(leaseOptions.Value.RenewEvery, timeProvider);
                while (await renew.WaitForNextTickAsync(run.Token))
                {
                    if (!await KeepLeaseAsync(run.Token))
                    {
                        // Another instance holds it now: stop this run.
                        await run.CancelAsync();
                    }
                }
            },
            CancellationToken.None);
        try
        {
            await TickAsync(run.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The lease was lost during the run.
        }
        finally
        {
            await run.CancelAsync();
            try
            {
                await renewing;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!tokenOptions.CurrentValue.AutoRefresh)
        {
            return;
        }

        try
        {
            await refresher.RefreshDueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed tick must not end the scheduler: the next tick tries again.
            Log.RefreshTickFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RefreshTickFailed, LogLevel.Error, "The scheduled quota re-sync failed", EventName = "RefreshTickFailed")]
        public static partial void RefreshTickFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.SchedulerLeaseTaken, LogLevel.Information, "This instance now runs the quota re-sync scheduler (lease token_refresh)", EventName = "SchedulerLeaseTaken")]
        public static partial void LeaseTaken(ILogger logger);

        [LoggerMessage(EventIds.SchedulerLeaseLost, LogLevel.Information, "Another instance runs the quota re-sync scheduler now (lease token_refresh)", EventName = "SchedulerLeaseLost")]
        public static partial void LeaseLost(ILogger logger);
    }
}
