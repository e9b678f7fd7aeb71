using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Picks the tokens to re-sync through <see cref="TokenSyncRunner"/> (the upstream's rate-limits call): for
/// the admin (<see cref="RefreshAsync"/>) and for the scheduler (<see cref="RefreshDueAsync"/>, which also
/// re-syncs active tokens so the local quota does not drift from the upstream's).
/// </summary>
internal sealed partial class TokenRefresher(
    TokenPoolState state,
    TokenSyncRunner runner,
    IOptionsMonitor<TokenSection> tokenOptions,
    ILogger<TokenRefresher> logger) : ITokenRefresher
{
    private int _scheduledRunning;

    public async Task<IReadOnlyList<TokenRefreshResult>> RefreshAsync(IReadOnlyCollection<string>? ids, IProgress<TokenRefreshProgress>? progress, CancellationToken cancellationToken)
    {
        state.EnsureInitialized();
        var idList = ids?.ToArray();
        TokenRefreshResult?[] results;
        List<(int Index, TokenEntry Entry)> targets = [];
        using (state.Gate.EnterScope())
        {
            List<TokenEntry?> requested = idList is null
                ? [.. OrderNewestFirst(state.Entries)]
                : [.. idList.Select(id => id is null ? null : state.FindById(id))];
            results = new TokenRefreshResult?[requested.Count];
            for (var i = 0; i < requested.Count; i++)
            {
                var entry = requested[i];
                if (entry is null)
                {
                    results[i] = new TokenRefreshResult(idList![i] ?? "", TokenRefreshOutcome.NotFound, null, null, "no token has this id");
                }
                else if (entry.Status == TokenStatus.Disabled)
                {
                    results[i] = new TokenRefreshResult(entry.Id, TokenRefreshOutcome.Skipped, entry.Quota, entry.Status, "disabled");
                }
                else
                {
                    targets.Add((i, entry));
                }
            }
        }

        return await runner.RunAsync(targets, results, scheduled: false, progress, cancellationToken);
    }

    /// <summary>
    /// Re-syncs the active and cooling tokens of ssoBasic and ssoSuper whose last sync is older than
    /// their pool's interval, read live from config; a token never synced counts from its creation
    /// when active and is due at once when cooling. One run at a time: returns -1
    /// at once when a run is already going.
    /// </summary>
    internal async Task<int> RefreshDueAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _scheduledRunning, 1) == 1)
        {
            return -1;
        }

        try
        {
            var tokenConfig = tokenOptions.CurrentValue;
            var now = state.NowMs();
            var basicDue = now - (long)TimeSpan.FromHours(tokenConfig.RefreshIntervalHours).TotalMilliseconds;
            var superDue = now - (long)TimeSpan.FromHours(tokenConfig.SuperRefreshIntervalHours).TotalMilliseconds;
            List<(int Index, TokenEntry Entry)> targets = [];
            using (state.Gate.EnterScope())
            {
                foreach (var entry in state.Entries)
                {
                    var dueBefore = entry.Pool switch
                    {
                        TokenPools.Basic => basicDue,
                        TokenPools.Super => superDue,
                        _ => long.MinValue,
                    };
                    if (entry.Status is TokenStatus.Active or TokenStatus.Cooling
                        && LastSyncOf(entry) <= dueBefore
                        && entry.SyncRetryNotBefore <= now)
                    {
                        targets.Add((targets.Count, entry));
                    }
                }
            }

            if (targets.Count > 0)
            {
                Log.RefreshStarted(logger, targets.Count);
                var results = await runner.RunAsync(targets, new TokenRefreshResult?[targets.Count], scheduled: true, progress: null, cancellationToken);
                Log.RefreshFinished(logger, results.Count(r => r.Outcome == TokenRefreshOutcome.Synced), results.Length);
            }

            return targets.Count;
        }
        finally
        {
            Volatile.Write(ref _scheduledRunning, 0);
        }
    }

    /// <summary>
    /// When the token counts as last synced: its last sync; for a token never synced, its creation
    /// if it is active, and never if it is cooling, so a cooling token never synced (say, imported
    /// and rate limited within the hour) is due at once instead of a whole interval after its import.
    /// </summary>
    private static long LastSyncOf(TokenEntry entry) =>
        entry.LastSyncAt ?? (entry.Status == TokenStatus.Cooling ? long.MinValue : entry.CreatedAt ?? 0);

    private static IEnumerable<TokenEntry> OrderNewestFirst(IEnumerable<TokenEntry> entries) =>
        entries.OrderByDescending(e => e.CreatedAt ?? 0).ThenBy(e => e.Id, StringComparer.Ordinal);
}
