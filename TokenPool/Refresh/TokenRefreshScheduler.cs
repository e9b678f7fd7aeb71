using Grok2Api.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Every minute, when <c>token.auto_refresh</c> is on, re-syncs the tokens that are due
/// (<see cref="TokenRefresher.RefreshDueAsync"/>). Settings are read on each tick, so a config
/// change needs no restart. Ticks never overlap: a long run delays the next tick.
/// </summary>
internal sealed partial class TokenRefreshScheduler(
    TokenRefresher refresher,
    TokenPoolState state,
    IOptionsMonitor<TokenSection> tokenOptions,
    TimeProvider timeProvider,
    ILogger<TokenRefreshScheduler> logger) : BackgroundService
{
    /// <summary>Called after every tick (tests wait on it).</summary>
    internal Action? TickCompleted { get; set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WhenInitialized.WaitAsync(cancellationToken);
            using var timer = new PeriodicTimer(TokenPoolConstants.RefreshTick, timeProvider);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await TickAsync(cancellationToken);
                TickCompleted?.Invoke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
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
    }
}
