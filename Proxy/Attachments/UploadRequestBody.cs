using System.Buffers.Text;
using System.Text.Json;
using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// The upload-file body <c>{"fileName","fileMimeType","content":&lt;standard base64&gt;}</c> (docs/grok-protocol.md §8.1),
/// written with <see cref="Utf8JsonWriter"/> straight into one pooled buffer sized for it: the file is
/// base64-encoded once, in place, with no intermediate string.
/// </summary>
internal static class UploadRequestBody
{
    /// <summary>Writes the body; dispose the writer once the call is done.</summary>
    public static PooledBuffer Write(LoadedAttachment file)
    {
        // Upper bound: the base64 text, every name character escaped to \uXXXX, the fixed JSON around them.
        var estimate = Base64.GetMaxEncodedToUtf8Length(file.Content.Length) + (6 * (file.FileName.Length + file.MimeType.Length)) + 64;
        var buffer = new PooledBuffer(estimate);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            writer.WriteStartObject();
            writer.WriteString("fileName"u8, file.FileName);
            writer.WriteString("fileMimeType"u8, file.MimeType);
            writer.WriteBase64String("content"u8, file.Content.Span);
            writer.WriteEndObject();
            writer.Flush();
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
