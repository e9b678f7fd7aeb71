using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Tokens;

/// <content>Log events of the write-behind (event ids 1121-1139).</content>
internal sealed partial class TokenWriteBehind
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1221, EventName = "TokenBatchWritten", Level = LogLevel.Debug, Message = "Wrote a token batch: {Upserts} upserts, {Updates} updates, {Deletes} deletes")]
        public static partial void Written(ILogger logger, int upserts, int updates, int deletes);

        [LoggerMessage(EventId = 1222, EventName = "TokenBatchWriteFailed", Level = LogLevel.Warning, Message = "Writing {Count} token changes failed (attempt {Attempt}); they stay pending and are retried in {RetryMs} ms")]
        public static partial void WriteFailed(ILogger logger, Exception exception, int count, int attempt, double retryMs);

        [LoggerMessage(EventId = 1223, EventName = "TokenSnapshotInvalid", Level = LogLevel.Error, Message = "The token pool returned an invalid record for token id {TokenId}; it was not written")]
        public static partial void InvalidSnapshot(ILogger logger, string tokenId);

        [LoggerMessage(EventId = 1224, EventName = "TokenShutdownTimedOut", Level = LogLevel.Error, Message = "Shutdown deadline reached before the token changes were written; {Count} token changes are lost")]
        public static partial void ShutdownTimedOut(ILogger logger, int count);

        [LoggerMessage(EventId = 1225, EventName = "TokenWriteBehindStoppedUnwritten", Level = LogLevel.Error, Message = "The token write-behind stopped with {Count} token changes not written")]
        public static partial void StoppedWithUnwritten(ILogger logger, int count);
    }
}
