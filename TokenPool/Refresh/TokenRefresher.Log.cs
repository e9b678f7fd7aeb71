namespace Grok2Api.TokenPool.Refresh;

/// <summary>The log messages of <see cref="TokenRefresher"/>.</summary>
internal sealed partial class TokenRefresher
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.RefreshStarted, LogLevel.Information, "Re-syncing the quota of {Count} tokens", EventName = "RefreshStarted")]
        public static partial void RefreshStarted(ILogger logger, int count);

        [LoggerMessage(EventIds.RefreshFinished, LogLevel.Information, "Quota re-sync done: {Synced} of {Count} tokens synced", EventName = "RefreshFinished")]
        public static partial void RefreshFinished(ILogger logger, int synced, int count);
    }
}
