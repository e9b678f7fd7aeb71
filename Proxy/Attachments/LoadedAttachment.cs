namespace Grok2Api.Proxy.Attachments;

/// <summary>The bytes of one attachment, ready to upload.</summary>
/// <param name="Content">The file content.</param>
/// <param name="MimeType">Its media type, e.g. <c>image/png</c>.</param>
/// <param name="FileName">The upload name, e.g. <c>file.png</c>.</param>
internal sealed record LoadedAttachment(ReadOnlyMemory<byte> Content, string MimeType, string FileName);
