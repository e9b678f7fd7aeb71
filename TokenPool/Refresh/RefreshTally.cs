namespace Grok2Api.TokenPool.Refresh;

/// <summary>Counts the results of one refresh run and reports progress; safe to call from parallel workers.</summary>
internal sealed class RefreshTally(int total, IProgress<TokenRefreshProgress>? progress)
{
    private readonly Lock _gate = new();
    private int _processed;
    private int _succeeded;

    public void Report(TokenRefreshResult result)
    {
        TokenRefreshProgress report;
        lock (_gate)
        {
            _processed++;
            if (result.Outcome == TokenRefreshOutcome.Synced)
            {
                _succeeded++;
            }

            report = new TokenRefreshProgress(total, _processed, _succeeded, _processed - _succeeded, result);
        }

        progress?.Report(report);
    }
}
