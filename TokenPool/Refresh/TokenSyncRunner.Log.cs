namespace Grok2Api.TokenPool.Refresh;

/// <summary>The log messages of <see cref="TokenSyncRunner"/>.</summary>
internal sealed partial class TokenSyncRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.TokenSynced, LogLevel.Debug, "Token {TokenId} re-synced: quota {Quota}", EventName = "TokenSynced")]
        public static partial void TokenSynced(ILogger logger, string tokenId, int quota);

        [LoggerMessage(EventIds.TokenSyncFailed, LogLevel.Warning, "Token {TokenId} re-sync ended {Outcome}: {Detail}", EventName = "TokenSyncFailed")]
        public static partial void TokenSyncFailed(ILogger logger, string tokenId, TokenRefreshOutcome outcome, string detail);

        [LoggerMessage(EventIds.TokenSyncThrew, LogLevel.Error, "The quota client threw for token {TokenId}", EventName = "TokenSyncThrew")]
        public static partial void TokenSyncThrew(ILogger logger, string tokenId, Exception exception);

        [LoggerMessage(EventIds.RefreshTokenStatusChanged, LogLevel.Information, "Token {TokenId} went from {Before} to {After} after a re-sync", EventName = "RefreshTokenStatusChanged")]
        public static partial void TokenStatusChanged(ILogger logger, string tokenId, string before, string after);
    }
}
