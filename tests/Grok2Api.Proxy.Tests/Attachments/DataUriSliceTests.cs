using System.Text;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Proxy.Tests.Attachments;

/// <summary>A data URI is checked, not decoded: the attachment is the client's base64, a slice of the body (docs/security.md).</summary>
public sealed class DataUriSliceTests
{
    private const string Param = "messages[0].content[1].image_url.url";

    [Fact]
    public void Decode_Utf8Value_KeepsTheBase64AsASlice_AndUploadsItAsIs()
    {
        var bytes = new byte[3000];
        new Random(7).NextBytes(bytes);
        var base64 = Convert.ToBase64String(bytes);
        var value = Encoding.ASCII.GetBytes("data:image/png;base64," + base64);
        var attachment = new ConversationAttachment(ConversationPartKind.Image, MediaValue.FromUtf8(value), null, Param);

        var file = DataUriDecoder.Decode(attachment, 1024 * 1024, 1).Attachment!;

        Assert.True(value.AsSpan().Overlaps(file.Base64.Span), "the payload was copied");
        Assert.Equal(bytes.Length, file.Length);
        Assert.Equal(bytes, file.Content.ToArray());
        using var body = UploadRequestBody.Write(file);
        Assert.Equal(3, body.Sequence.Length > 0 ? CountSegments(body.Sequence) : 0);
        var json = System.Text.Json.JsonDocument.Parse(body.Sequence).RootElement;
        Assert.Equal(base64, json.GetProperty("content").GetString());
        Assert.Equal("image/png", json.GetProperty("fileMimeType").GetString());
        Assert.Equal("file.png", json.GetProperty("fileName").GetString());
    }

    [Fact]
    public void Decode_WhitespaceInThePayload_CopiedOnceWithoutIt()
    {
        var value = Encoding.ASCII.GetBytes("data:image/png;base64,iVBO Rw0K\r\nGgo=");
        var attachment = new ConversationAttachment(ConversationPartKind.Image, MediaValue.FromUtf8(value), null, Param);

        var file = DataUriDecoder.Decode(attachment, 1024 * 1024, 1).Attachment!;

        Assert.Equal("iVBORw0KGgo="u8.ToArray(), file.Base64.ToArray());
    }

    [Fact]
    public void Write_BytesAttachment_IsOnePieceOfJson()
    {
        using var body = UploadRequestBody.Write(new LoadedAttachment(new byte[] { 1, 2, 3 }, "application/pdf", "a \"b\".pdf"));

        Assert.True(body.Sequence.IsSingleSegment);
        var json = System.Text.Json.JsonDocument.Parse(body.Sequence).RootElement;
        Assert.Equal("AQID", json.GetProperty("content").GetString());
        Assert.Equal("a \"b\".pdf", json.GetProperty("fileName").GetString());
    }

    private static int CountSegments(System.Buffers.ReadOnlySequence<byte> sequence)
    {
        var count = 0;
        foreach (var _ in sequence)
        {
            count++;
        }

        return count;
    }
}
