namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Uploads a file to the account of a leased token (<c>POST /rest/app-chat/upload-file</c>,
/// docs/grok-protocol.md §8) through the asset egress, bounded by <c>asset.upload_concurrent</c> and
/// <c>asset.upload_timeout</c>. An upload belongs to that account, so a switch of token uploads again.
/// </summary>
internal interface IGrokFileUploader
{
    /// <summary>Uploads one file.</summary>
    /// <param name="token">The bare SSO token of the leased account.</param>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    Task<GrokUploadResult> UploadAsync(string token, LoadedAttachment file, CancellationToken cancellationToken);
}
