using System.Text.Json;
using Grok2Api.TokenPool.Refresh;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The rate-limits call (docs/grok-protocol.md §9): asks how much quota an account has left.
/// <c>remainingTokens</c> is the quota, <c>remainingQueries</c> the fallback; retries follow the
/// retry policy and the timeout is <c>usage.timeout</c>. Thread-safe.
/// </summary>
internal sealed partial class GrokQuotaClient(
    IGrokRestClient client, IOptionsMonitor<UsageSection> usage, ILogger<GrokQuotaClient> logger) : ITokenQuotaClient
{
    /// <summary>The body is always the same single query (docs/grok-protocol.md §9.1).</summary>
    internal static readonly byte[] RequestBody = """{"requestKind":"DEFAULT","modelName":"grok-4-1-thinking-1129"}"""u8.ToArray();

    public async Task<QuotaSyncResult> FetchAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var options = UpstreamCallOptions.WithTimeoutSeconds(usage.CurrentValue.Timeout);
        var result = await client.SendAsync(GrokEndpoints.RateLimits, token, RequestBody, options, cancellationToken);
        var sync = result.Failure switch
        {
            null => Parse(result.Body),
            { Kind: UpstreamFailureKind.Unauthorized } failure => new QuotaSyncResult(QuotaSyncStatus.Unauthorized, null, failure.Detail),
            { Kind: UpstreamFailureKind.Forbidden } failure => new QuotaSyncResult(QuotaSyncStatus.Forbidden, null, failure.Detail),
            { Kind: UpstreamFailureKind.RateLimited } failure => new QuotaSyncResult(QuotaSyncStatus.RateLimited, null, failure.Detail),
            var failure => new QuotaSyncResult(QuotaSyncStatus.Failed, null, failure.Detail),
        };

        var tokenId = TokenIdentity.IdOf(GrokCookie.NormalizeToken(token));
        if (sync.Status == QuotaSyncStatus.Ok)
        {
            Log.QuotaFetched(logger, tokenId, sync.RemainingTokens);
        }
        else
        {
            Log.QuotaFailed(logger, tokenId, sync.Status, sync.Detail);
        }

        return sync;
    }

    internal static QuotaSyncResult Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new QuotaSyncResult(QuotaSyncStatus.Failed, null, "rate-limits answer is not a JSON object");
            }

            var remaining = ReadCount(document.RootElement, "remainingTokens") ?? ReadCount(document.RootElement, "remainingQueries");
            return new QuotaSyncResult(QuotaSyncStatus.Ok, remaining, null);
        }
        catch (JsonException)
        {
            return new QuotaSyncResult(QuotaSyncStatus.Failed, null, "rate-limits answer is not JSON");
        }
    }

    private static int? ReadCount(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        // Quotas are small counts; clamp odd values instead of failing the sync.
        return value.TryGetInt64(out var whole)
            ? (int)Math.Clamp(whole, 0, int.MaxValue)
            : (int)Math.Clamp(Math.Floor(value.GetDouble()), 0, int.MaxValue);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.QuotaFetched, Level = LogLevel.Debug,
            Message = "Quota of token {TokenId}: {Remaining}")]
        public static partial void QuotaFetched(ILogger logger, string tokenId, int? remaining);

        [LoggerMessage(EventId = EventIds.QuotaFailed, Level = LogLevel.Information,
            Message = "Quota sync of token {TokenId} ended {Status}: {Detail}")]
        public static partial void QuotaFailed(ILogger logger, string tokenId, QuotaSyncStatus status, string? detail);
    }
}
