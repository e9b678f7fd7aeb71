using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// The upload-file body <c>{"fileName","fileMimeType","content":&lt;standard base64&gt;}</c> (docs/grok-protocol.md §8.1).
/// An attachment held as base64 (a data URI) is sent as three pieces — the JSON before the content,
/// the client's own base64 text, the closing <c>"}</c> — so its bytes are never copied; one held as
/// bytes is written with <see cref="Utf8JsonWriter"/> into one pooled buffer, base64-encoded once, in place.
/// </summary>
internal sealed class UploadRequestBody : IDisposable
{
    private readonly PooledBuffer _buffer;

    private UploadRequestBody(PooledBuffer buffer, ReadOnlySequence<byte> sequence)
    {
        _buffer = buffer;
        Sequence = sequence;
    }

    /// <summary>The whole body.</summary>
    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>Writes the body; dispose it once the call is done.</summary>
    /// <param name="file">The attachment.</param>
    public static UploadRequestBody Write(LoadedAttachment file)
    {
        ArgumentNullException.ThrowIfNull(file);
        // Upper bound: every name character escaped to \uXXXX, the fixed JSON around them, and the content.
        var names = (6 * (file.FileName.Length + file.MimeType.Length)) + 64;
        var buffer = new PooledBuffer(file.Base64.IsEmpty ? Base64.GetMaxEncodedToUtf8Length(file.Length) + names : names);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("fileName"u8, file.FileName);
                writer.WriteString("fileMimeType"u8, file.MimeType);
                if (file.Base64.IsEmpty)
                {
                    writer.WriteBase64String("content"u8, file.Content.Span);
                    writer.WriteEndObject();
                    writer.Flush();
                    return new UploadRequestBody(buffer, new ReadOnlySequence<byte>(buffer.WrittenMemory));
                }

                writer.Flush();
            }

            // The writer left the object open after "fileMimeType": add the content key and the opening quote.
            buffer.Append(",\"content\":\""u8);
            var prefix = buffer.WrittenMemory;
            var sequence = BodySegment.Join(prefix, file.Base64, "\"}"u8.ToArray());
            return new UploadRequestBody(buffer, sequence);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose() => _buffer.Dispose();

    /// <summary>One piece of a body made of several.</summary>
    private sealed class BodySegment : ReadOnlySequenceSegment<byte>
    {
        private BodySegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Join(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, ReadOnlyMemory<byte> third)
        {
            var head = new BodySegment(first, 0);
            var middle = new BodySegment(second, first.Length);
            var tail = new BodySegment(third, first.Length + second.Length);
            head.Next = middle;
            middle.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, third.Length);
        }
    }
}
