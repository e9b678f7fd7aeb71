using System.Text;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>Inline attachments are kept as slices of the request body, not copied (docs/security.md).</summary>
public sealed class ChatRequestReaderMemoryTests
{
    [Fact]
    public void Read_DataUriWithoutEscapes_IsASliceOfTheBody()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"  data:image/png;base64,iVBORw0KGgo= "}}]}]}""");

        var result = ChatRequestReader.Read(body);

        Assert.True(result.Succeeded, result.Error?.Message);
        var media = result.Request.Messages[0].Parts[1].Source!;
        var utf8 = media.GetUtf8();
        Assert.True(body.AsSpan().Overlaps(utf8.Span), "the value was copied");
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", media.ToString());
    }

    [Fact]
    public void Read_DataUriWithEscapes_IsUnescapedOnce()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"data:image\/png;base64,iVBORw0KGgo="}}]}]}""");

        var result = ChatRequestReader.Read(body);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", result.Request.Messages[0].Parts[1].Media);
    }

    [Fact]
    public void Read_UrlLongerThanAnyUri_RefusedWithoutDecodingOrEcho()
    {
        var value = "http://" + new string('a', ChatMediaValue.MaxUrlBytes);
        var body = Encoding.UTF8.GetBytes($$$"""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"{{{value}}}"}}]}]}""");

        var result = ChatRequestReader.Read(body);

        Assert.False(result.Succeeded);
        Assert.Equal("invalid_media", result.Error.Code);
        Assert.True(result.Error.Message.Length < 200);
    }
}
