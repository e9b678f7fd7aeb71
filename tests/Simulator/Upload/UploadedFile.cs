namespace Grok2Api.Simulator.Upload;

/// <summary>One file received by upload-file, decoded.</summary>
/// <param name="FileMetadataId">The id answered, which the chat body's <c>fileAttachments</c> carries.</param>
/// <param name="FileUri">The answered <c>fileUri</c>: <c>users/&lt;uid&gt;/&lt;fileId&gt;/content</c>, served by the assets host.</param>
/// <param name="Token">The uploading account.</param>
/// <param name="FileName">The <c>fileName</c> sent.</param>
/// <param name="MimeType">The <c>fileMimeType</c> sent.</param>
/// <param name="Content">The bytes of the base64 <c>content</c>.</param>
/// <param name="UploadedAt">When it arrived.</param>
public sealed record UploadedFile(
    string FileMetadataId, string FileUri, string Token, string FileName, string MimeType, ReadOnlyMemory<byte> Content, DateTimeOffset UploadedAt);
