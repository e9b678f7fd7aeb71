using System.Text;
using System.Text.Json;
using Grok2Api.Proxy.Diagnostics;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Accounts;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The account calls of the admin batch tasks (docs/grok-protocol.md §11 and §15): the NSFW feature control
/// (gRPC-web; never the terms-of-service or birth-date calls), and listing and deleting the account's
/// assets. Same client, cookie, headers, egress proxy and retries as every other REST call. Thread-safe.
/// </summary>
internal sealed partial class GrokAccountClient(IGrokRestClient client, ILogger<GrokAccountClient> logger) : IGrokAccountClient
{
    /// <summary>Pages of 50 assets read at most per account (10,000 assets), so a cycling page token cannot loop forever.</summary>
    internal const int MaxAssetPages = 200;

    /// <summary>The feature name the NSFW call updates (its field mask path).</summary>
    internal const string NsfwFeature = "always_show_nsfw_content";

    /// <summary>
    /// The UpdateUserFeatureControls request: one gRPC-web frame holding field 1 = {field 2 (varint) = 1}, the
    /// feature turned on, and field 2 = {field 1 (string) = <see cref="NsfwFeature"/>}, the update mask.
    /// </summary>
    internal static readonly byte[] NsfwRequestBody = GrpcWebAnswer.Frame(
    [
        0x0a, 0x02, 0x10, 0x01,
        0x12, (byte)(NsfwFeature.Length + 2), 0x0a, (byte)NsfwFeature.Length, .. Encoding.ASCII.GetBytes(NsfwFeature),
    ]);

    public async Task<AccountCallResult> EnableNsfwAsync(string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync(
            GrokEndpoints.UpdateUserFeatureControls, token, NsfwRequestBody, UpstreamCallOptions.WithTimeoutSeconds(timeout.TotalSeconds), cancellationToken);
        AccountCallResult outcome;
        if (result.Failure is { } failure)
        {
            outcome = FromFailure(result, failure);
        }
        else
        {
            var status = GrpcWebAnswer.ReadStatus(result.Body.Span, result.ContentType, result.GrpcStatus, result.GrpcMessage);
            outcome = status switch
            {
                { IsSuccess: true } => AccountCallResult.Success,
                { Error: { } error } => AccountCallResult.Failed(502, "502 unreadable gRPC-web answer: " + error),
                { Code: { } code } => AccountCallResult.Failed(
                    GrpcWebAnswer.HttpStatusOf(code),
                    $"{GrpcWebAnswer.HttpStatusOf(code)} {GrpcWebAnswer.NameOf(code)}: {Describe(status.Message)} (grpc-status {code})"),
                _ => AccountCallResult.Failed(502, "502 unreadable gRPC-web answer"),
            };
        }

        return Logged(GrokEndpoints.UpdateUserFeatureControls, token, outcome);
    }

    public async Task<AssetListResult> ListAssetsAsync(string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = UpstreamCallOptions.WithTimeoutSeconds(timeout.TotalSeconds);
        var ids = new List<string>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        for (var page = 0; page < MaxAssetPages; page++)
        {
            var endpoint = GrokEndpoints.AssetsList(pageToken);
            var result = await client.SendAsync(endpoint, token, null, options, cancellationToken);
            if (result.Failure is { } failure)
            {
                return new AssetListResult(Logged(endpoint, token, FromFailure(result, failure)), []);
            }

            if (!TryReadPage(result.Body, ids, seenIds, out var next))
            {
                return new AssetListResult(Logged(endpoint, token, AccountCallResult.Failed(502, "502 the asset list answer is not the expected JSON")), []);
            }

            if (string.IsNullOrEmpty(next) || !seenPages.Add(next))
            {
                return new AssetListResult(AccountCallResult.Success, ids);
            }

            pageToken = next;
        }

        return new AssetListResult(
            AccountCallResult.Failed(null, $"more than {MaxAssetPages * 50} assets; run the task again for the rest"), []);
    }

    public async Task<AccountCallResult> DeleteAssetAsync(string token, string assetId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        var endpoint = GrokEndpoints.AssetsDelete(assetId);
        var result = await client.SendAsync(endpoint, token, null, UpstreamCallOptions.WithTimeoutSeconds(timeout.TotalSeconds), cancellationToken);
        var outcome = result switch
        {
            { Failure: { } failure } => FromFailure(result, failure),
            { StatusCode: 200 } => AccountCallResult.Success,
            _ => AccountCallResult.Failed(result.StatusCode, $"{result.StatusCode} unexpected answer to an asset deletion (200 required)"),
        };
        return Logged(endpoint, token, outcome);
    }

    /// <summary>Reads one page: every <c>assets[].assetId</c> and the <c>nextPageToken</c>.</summary>
    internal static bool TryReadPage(ReadOnlyMemory<byte> body, List<string> ids, HashSet<string> seen, out string? next)
    {
        next = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (root.TryGetProperty("assets", out var assets) && assets.ValueKind == JsonValueKind.Array)
            {
                foreach (var asset in assets.EnumerateArray())
                {
                    if (asset.ValueKind == JsonValueKind.Object && asset.TryGetProperty("assetId", out var id)
                        && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value && seen.Add(value))
                    {
                        ids.Add(value);
                    }
                }
            }

            if (root.TryGetProperty("nextPageToken", out var token) && token.ValueKind == JsonValueKind.String)
            {
                next = token.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static AccountCallResult FromFailure(UpstreamResult result, UpstreamFailure failure)
    {
        var status = result.StatusCode ?? failure.Status;
        return AccountCallResult.Failed(status, status is { } code ? $"{code} {failure.Detail}" : failure.Detail);
    }

    private static string Describe(string? message) => string.IsNullOrWhiteSpace(message) ? "no message" : message.Trim();

    private AccountCallResult Logged(GrokEndpoint endpoint, string token, AccountCallResult outcome)
    {
        if (!outcome.Ok)
        {
            Log.AccountCallFailed(logger, endpoint.Name, TokenIdentity.IdOf(GrokCookie.NormalizeToken(token)), outcome.Reason ?? "");
        }

        return outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AccountCallFailed, Level = LogLevel.Information,
            Message = "Account call {Endpoint} of token {TokenId} failed: {Reason}")]
        public static partial void AccountCallFailed(ILogger logger, string endpoint, string tokenId, string reason);
    }
}
