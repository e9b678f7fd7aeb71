namespace Grok2Api.Proxy.Attachments;

/// <summary>The outcome of upload-file: the ids on success, otherwise the upstream failure to report to the pool.</summary>
/// <param name="Upstream">The upstream call's result (outcome, status, detail).</param>
/// <param name="FileMetadataId">The <c>fileMetadataId</c> to put in <c>fileAttachments</c>, on success.</param>
/// <param name="FileUri">The <c>fileUri</c> (relative to the assets host), on success.</param>
internal sealed record GrokUploadResult(UpstreamResult Upstream, string? FileMetadataId, string? FileUri)
{
    public bool IsSuccess => Upstream.IsSuccess && FileMetadataId is not null;
}
