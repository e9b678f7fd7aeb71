namespace Grok2Api.Proxy.Upstream;

internal sealed partial class GrokRestClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RequestNotBuilt, Level = LogLevel.Error,
            Message = "Upstream {Endpoint} call not sent: {Reason}")]
        public static partial void RequestNotBuilt(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = EventIds.AttemptFailed, Level = LogLevel.Information,
            Message = "Upstream {Endpoint} attempt {Attempt} for token {TokenId} ended {Outcome} (status {Status}): {Detail}")]
        public static partial void AttemptFailed(
            ILogger logger, string endpoint, int attempt, string tokenId, string outcome, int? status, string? detail);

        [LoggerMessage(EventId = EventIds.Retrying, Level = LogLevel.Debug,
            Message = "Upstream {Endpoint} for token {TokenId}: attempt {Attempt} in {DelayMs:0} ms")]
        public static partial void Retrying(ILogger logger, string endpoint, string tokenId, int attempt, double delayMs);

        [LoggerMessage(EventId = EventIds.ResponseSnippet, Level = LogLevel.Debug,
            Message = "Upstream {Endpoint} answered {Status}: {Snippet}")]
        public static partial void ResponseSnippet(ILogger logger, string endpoint, int status, string snippet);

        [LoggerMessage(EventId = EventIds.AttemptException, Level = LogLevel.Debug,
            Message = "Upstream {Endpoint} for token {TokenId} via {Proxy} failed in transport: {Error}")]
        public static partial void AttemptException(ILogger logger, string endpoint, string tokenId, string proxy, string error);
    }
}
