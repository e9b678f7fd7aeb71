using System.Text.Json;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Uploads attachments through upload-file (docs/grok-protocol.md §8) with the leased account's cookie.
/// The retry statuses are <c>[retry]</c>'s minus 429, so a rate-limited account surfaces at once and
/// the caller can switch tokens; network errors are retried (an upload that did not arrive is
/// harmless to repeat). At most <c>asset.upload_concurrent</c> run at once (resized live), and a slot
/// is waited for no longer than <c>asset.upload_timeout</c>. Thread-safe.
/// </summary>
internal sealed partial class GrokFileUploader : IGrokFileUploader, IDisposable
{
    private readonly IOptionsMonitor<AssetSection> _asset;
    private readonly IGrokRestClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<GrokFileUploader> _logger;
    private readonly ConcurrencyLimit _limit;
    private readonly IDisposable? _configListener;

    public GrokFileUploader(IOptionsMonitor<AssetSection> asset, IGrokRestClient client, TimeProvider time, ILogger<GrokFileUploader> logger)
    {
        _asset = asset;
        _client = client;
        _time = time;
        _logger = logger;
        _limit = new ConcurrencyLimit(() => _asset.CurrentValue.UploadConcurrent);
        _configListener = asset.OnChange((_, _) => _limit.Pump());
    }

    public async Task<GrokUploadResult> UploadAsync(string token, LoadedAttachment file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > AttachmentLimits.UploadMaxMb * 1024L * 1024)
        {
            var tooLarge = UpstreamResult.Failed(UpstreamFailureKind.Configuration, $"files above {AttachmentLimits.UploadMaxMb} MB cannot be uploaded");
            return new GrokUploadResult(tooLarge, null, null);
        }

        var seconds = _asset.CurrentValue.UploadTimeout;
        var timeout = UpstreamCallOptions.BoundTimeout(seconds);
        using var slot = await _limit.AcquireAsync(timeout, _time, cancellationToken);
        if (slot is null)
        {
            var waited = UpstreamResult.Failed(UpstreamFailureKind.Timeout, $"no upload slot free within {timeout.TotalSeconds:0.###} s");
            return new GrokUploadResult(waited, null, null);
        }

        var options = UpstreamCallOptions.WithTimeoutSeconds(seconds) with { ExcludedRetryStatuses = [429], RetryNetworkErrors = true };
        UpstreamResult result;
        using (var body = UploadRequestBody.Write(file))
        {
            result = await _client.SendAsync(GrokEndpoints.UploadFile, token, body.Sequence, options, cancellationToken);
        }

        if (!result.IsSuccess)
        {
            return new GrokUploadResult(result, null, null);
        }

        var id = GrokAnswerJson.StringAt(result.Body, "fileMetadataId");
        var uri = GrokAnswerJson.StringAt(result.Body, "fileUri");
        if (id is null)
        {
            // Not the account's fault and not the client's: report it like an upstream server error.
            Log.UploadWithoutId(_logger, TokenIdentity.IdOf(token), result.StatusCode);
            var missing = result with { Failure = new UpstreamFailure(UpstreamFailureKind.ServerError, "upload-file answered without a fileMetadataId") { Status = result.StatusCode } };
            return new GrokUploadResult(missing, null, null);
        }

        Log.Uploaded(_logger, TokenIdentity.IdOf(token), file.Length, file.MimeType);
        return new GrokUploadResult(result, id, uri);
    }

    public void Dispose() => _configListener?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UploadWithoutId, Level = LogLevel.Warning,
            Message = "upload-file for token {TokenId} answered {Status} without a fileMetadataId")]
        public static partial void UploadWithoutId(ILogger logger, string tokenId, int? status);

        [LoggerMessage(EventId = EventIds.Uploaded, Level = LogLevel.Debug,
            Message = "Uploaded {Bytes} bytes of {MimeType} with token {TokenId}")]
        public static partial void Uploaded(ILogger logger, string tokenId, int bytes, string mimeType);
    }
}
