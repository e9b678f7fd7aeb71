using Grok2Api.Proxy.Attachments;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class DataUriDecoderTests
{
    private const string Param = "messages[0].content[1].image_url.url";
    private static readonly byte[] Bytes = [0x89, 0x50, 0x4E, 0x47, 0xFB, 0xFF, 0xFE, 0x00, 0x3E, 0x3F];

    private static AttachmentLoadResult Decode(string source, string? fileName = null, long maxBytes = 1024 * 1024) =>
        DataUriDecoder.Decode(new ConversationAttachment(ConversationPartKind.Image, source, fileName, Param), maxBytes, 1);

    [Theory]
    [InlineData("image/png", "file.png")]
    [InlineData("image/jpeg", "file.jpeg")]
    [InlineData("IMAGE/WEBP", "file.webp")]
    [InlineData("application/pdf", "file.pdf")]
    [InlineData("image/svg+xml", "file.svg+xml")]
    public void Decode_Base64DataUri_GivesBytesMimeAndFileName(string mime, string name)
    {
        var result = Decode($"data:{mime};base64,{Convert.ToBase64String(Bytes)}");

        var file = Assert.IsType<LoadedAttachment>(result.Attachment);
        Assert.Equal(Bytes, file.Content.ToArray());
        Assert.Equal(mime.ToLowerInvariant(), file.MimeType);
        Assert.Equal(name, file.FileName);
    }

    [Fact]
    public void Decode_WhitespaceInThePayload_IsIgnored()
    {
        var encoded = Convert.ToBase64String(Bytes);
        var result = Decode($"data:image/png;base64,{encoded[..4]}\n {encoded[4..8]}\r\n\t{encoded[8..]}");

        Assert.Equal(Bytes, result.Attachment!.Content.ToArray());
    }

    [Fact]
    public void Decode_ExtraParameters_AreAccepted()
    {
        var result = Decode($"data:image/png;name=x.png;base64,{Convert.ToBase64String(Bytes)}");

        Assert.Equal("image/png", result.Attachment!.MimeType);
    }

    [Fact]
    public void Decode_ClientFileName_WinsAfterSanitizing()
    {
        var result = Decode($"data:application/pdf;base64,{Convert.ToBase64String(Bytes)}", fileName: "../../reports/q1 \"final\".pdf");

        Assert.Equal("q1 final.pdf", result.Attachment!.FileName);
    }

    [Fact]
    public void Decode_NoMediaType_IsOctetStream()
    {
        var result = Decode($"data:;base64,{Convert.ToBase64String(Bytes)}");

        Assert.Equal("application/octet-stream", result.Attachment!.MimeType);
        Assert.Equal("file.bin", result.Attachment.FileName);
    }

    [Theory]
    [InlineData("data:image/png,abcd", "base64")]
    [InlineData("data:image/png;charset=utf-8,abcd", "base64")]
    [InlineData("data:image/png;base64,@@@@", "not valid base64")]
    [InlineData("data:image/png;base64,", "empty")]
    [InlineData("data:image png;base64,AAAA", "media type")]
    [InlineData("data:image/png;base64", "data:<media type>")]
    public void Decode_Malformed_Refused400InvalidAttachment(string source, string reason)
    {
        var error = Decode(source).Error;

        Assert.NotNull(error);
        Assert.Equal("invalid_attachment", error.Code);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(Param, error.Param);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LargerThanTheLimit_RefusedAsTooLarge()
    {
        var error = Decode($"data:image/png;base64,{Convert.ToBase64String(new byte[2000])}", maxBytes: 1000).Error;

        Assert.Equal("attachment_too_large", error?.Code);
        Assert.Contains("1 MB", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ExactlyTheLimit_IsLoaded()
    {
        var result = Decode($"data:image/png;base64,{Convert.ToBase64String(new byte[1000])}", maxBytes: 1000);

        Assert.Equal(1000, result.Attachment!.Content.Length);
    }
}
