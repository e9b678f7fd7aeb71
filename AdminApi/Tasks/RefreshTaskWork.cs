using Grok2Api.TokenPool.Refresh;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// <c>refresh</c>: the pool's own quota re-sync (<see cref="ITokenRefresher"/>, with its <c>[usage]</c>
/// batching), reporting each token's outcome.
/// </summary>
internal sealed class RefreshTaskWork(ITokenRefresher refresher) : IBatchTaskWork
{
    public async Task RunAsync(BatchTaskKind kind, IReadOnlyList<BatchTaskItem> items, Action<TaskItemResult> report, CancellationToken cancellationToken)
    {
        var masks = items.ToDictionary(i => i.Id, i => i.TokenMasked, StringComparer.Ordinal);
        await refresher.RefreshAsync([.. items.Select(i => i.Id)], new Reporter(masks, report), cancellationToken);
    }

    internal static string? ReasonOf(TokenRefreshResult result) => result.Outcome switch
    {
        TokenRefreshOutcome.Synced => null,
        TokenRefreshOutcome.NotFound => "not found",
        TokenRefreshOutcome.Skipped => "disabled: not refreshed",
        TokenRefreshOutcome.Unauthorized => With("401 unauthorized", result.Detail),
        TokenRefreshOutcome.Forbidden => With("403 forbidden", result.Detail),
        TokenRefreshOutcome.RateLimited => With("429 rate limited", result.Detail),
        _ => result.Detail ?? "failed",
    };

    private static string With(string head, string? detail) => string.IsNullOrEmpty(detail) ? head : head + ": " + detail;

    /// <summary>Reports synchronously on the reporting thread (not <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class Reporter(Dictionary<string, string> masks, Action<TaskItemResult> report) : IProgress<TokenRefreshProgress>
    {
        public void Report(TokenRefreshProgress value)
        {
            var result = value.Latest;
            var ok = result.Outcome == TokenRefreshOutcome.Synced;
            report(new TaskItemResult(result.TokenId, masks.GetValueOrDefault(result.TokenId, ""), ok, ReasonOf(result), null));
        }
    }
}
