using System.Threading.Channels;
using Grok2Api.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Sync;

/// <summary>
/// Keeps the pool in step with a store that other instances write (docs/adr/0013): it reads the
/// tokens named by the store's change notices as they arrive, and every token every
/// <c>token.reload_interval_sec</c> (read live; 0 turns the periodic reload off), and merges them
/// under this instance's unwritten changes (<see cref="TokenPoolState.Merge"/>). Reads happen while
/// the write-behind is paused, so a record read back never misses a write this instance made. Does
/// nothing for a store without a change feed (local files, which one instance owns).
/// </summary>
internal sealed partial class TokenStoreSync(
    TokenPoolState state,
    ITokenStore store,
    ITokenWriteBehind writeBehind,
    IEnumerable<ITokenChangeFeed> feeds,
    IOptionsMonitor<TokenSection> tokenOptions,
    TimeProvider time,
    ILogger<TokenStoreSync> logger) : BackgroundService
{
    /// <summary>The longest a reload may take before it is abandoned (and tried again later).</summary>
    internal static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often the periodic reload re-reads a reload interval of 0 (off).</summary>
    private static readonly TimeSpan OffCheck = TimeSpan.FromSeconds(5);

    private readonly Channel<TokenChangeNotice> _notices = Channel.CreateBounded<TokenChangeNotice>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly ITokenChangeFeed? _feed = feeds.FirstOrDefault();
    private int _dropped;

    /// <summary>Whether this store has other writers (a change feed).</summary>
    public bool Shared => _feed is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_feed is null)
        {
            return;
        }

        try
        {
            await state.WhenInitialized.WaitAsync(stoppingToken);
            await Task.WhenAll(ListenAsync(_feed, stoppingToken), ApplyNoticesAsync(stoppingToken), ReloadPeriodicallyAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Reads the named tokens (or all, with null) and merges them now.</summary>
    /// <param name="ids">Public token ids, or null for every token.</param>
    /// <param name="cancellationToken">Cancels the reload.</param>
    /// <returns>False when the store could not be read.</returns>
    internal async Task<bool> ReloadAsync(IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReloadTimeout);
        try
        {
            using (await writeBehind.PauseAsync(timeout.Token))
            {
                var records = ids is null
                    ? await store.LoadAsync(timeout.Token)
                    : await store.LoadAsync(ids, timeout.Token);
                var (added, changed, removed) = state.Merge(records, ids);
                if (added + changed + removed > 0)
                {
                    Log.Merged(logger, added, changed, removed);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.ReloadFailed(logger, ex.Message);
            return false;
        }
    }

    private async Task ListenAsync(ITokenChangeFeed feed, CancellationToken cancellationToken)
    {
        await foreach (var notice in feed.ListenAsync(cancellationToken))
        {
            if (_notices.Reader.Count >= 1000)
            {
                // The oldest notice is about to be dropped: read everything next time instead.
                Interlocked.Increment(ref _dropped);
            }

            _notices.Writer.TryWrite(notice);
        }
    }

    private async Task ApplyNoticesAsync(CancellationToken cancellationToken)
    {
        while (await _notices.Reader.WaitToReadAsync(cancellationToken))
        {
            // Everything queued so far becomes one read.
            var everything = Interlocked.Exchange(ref _dropped, 0) > 0;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            while (_notices.Reader.TryRead(out var notice))
            {
                everything |= notice.Everything;
                ids.UnionWith(notice.Ids);
            }

            if (!everything && ids.Count == 0)
            {
                continue;
            }

            // A failed read is logged; the periodic reload catches up once the store answers again.
            await ReloadAsync(everything ? null : ids, cancellationToken);
        }
    }

    private async Task ReloadPeriodicallyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var seconds = tokenOptions.CurrentValue.ReloadIntervalSec;
            await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : OffCheck, time, cancellationToken);
            if (tokenOptions.CurrentValue.ReloadIntervalSec > 0)
            {
                await ReloadAsync(null, cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.StoreChangesMerged, LogLevel.Debug, "Took in other instances' token changes: {Added} added, {Changed} changed, {Removed} removed", EventName = "StoreChangesMerged")]
        public static partial void Merged(ILogger logger, int added, int changed, int removed);

        [LoggerMessage(EventIds.StoreReloadFailed, LogLevel.Warning, "Could not read token changes from the store ({Problem}); serving from memory and trying again", EventName = "StoreReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string problem);
    }
}
