using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatRequestReaderMediaTests
{
    private const string BareBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    // Every media field is checked the same way; each case runs against all four.
    private static readonly (string Template, string Param)[] Fields =
    [
        ("""{"type":"image_url","image_url":{"url":VALUE}}""", "messages[0].content[0].image_url.url"),
        ("""{"type":"image_url","image_url":VALUE}""", "messages[0].content[0].image_url"),
        ("""{"type":"input_audio","input_audio":{"data":VALUE,"format":"wav"}}""", "messages[0].content[0].input_audio.data"),
        ("""{"type":"file","file":{"file_data":VALUE}}""", "messages[0].content[0].file.file_data"),
    ];

    [Theory]
    [InlineData("https://example.com/a.png", "https://example.com/a.png")]
    [InlineData("http://example.com/a.png?x=1&y=%20", "http://example.com/a.png?x=1&y=%20")]
    [InlineData("HTTPS://EXAMPLE.COM/A.PNG", "HTTPS://EXAMPLE.COM/A.PNG")]
    [InlineData("http://127.0.0.1:8000/v1/files/image/a.png", "http://127.0.0.1:8000/v1/files/image/a.png")]
    [InlineData("  https://example.com/a.png\n", "https://example.com/a.png")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("DATA:image/png;BASE64,iVBORw0KGgo=", "DATA:image/png;BASE64,iVBORw0KGgo=")]
    [InlineData("data:image/png;name=a.png;base64,iVBORw0KGgo=", "data:image/png;name=a.png;base64,iVBORw0KGgo=")]
    [InlineData("data:image/png;base64,iVBO Rw0K\r\nGgo=", "data:image/png;base64,iVBO Rw0K\r\nGgo=")]
    [InlineData("data:audio/wav;base64,UklGRg==", "data:audio/wav;base64,UklGRg==")]
    public void Read_AcceptedMediaValue_KeptWithoutSurroundingWhitespace(string value, string expected)
    {
        foreach (var (template, param) in Fields)
        {
            var request = ReadValid(UserBlocks(template.Replace("VALUE", Json(value), StringComparison.Ordinal)));

            var part = Assert.Single(request.Messages[0].Parts);
            Assert.Equal(expected, part.Media);
            Assert.Equal(param, part.Param);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(BareBase64, "data:<mime>;base64,<payload>")]
    [InlineData("UklGRiQAAABXQVZFZm10IBAAAAABAAEA", "data:<mime>;base64,<payload>")]
    [InlineData("file:///etc/passwd", "'file:'")]
    [InlineData("ftp://example.com/a.png", "'ftp:'")]
    [InlineData("javascript:alert(1)", "'javascript:'")]
    [InlineData("blob:https://example.com/uuid", "'blob:'")]
    [InlineData("https://", "not a valid http(s) URL")]
    [InlineData("http:///a.png", "not a valid http(s) URL")]
    [InlineData("data:image/png,rawbytes", "';base64' is missing")]
    [InlineData("data:image/png;base64", "no ','")]
    [InlineData("data:;base64,iVBORw0KGgo=", "no media type")]
    [InlineData("data:image;base64,iVBORw0KGgo=", "no media type")]
    [InlineData("data:image/png;base64,", "payload is empty")]
    [InlineData("data:image/png;base64,   ", "payload is empty")]
    [InlineData("data:image/png;base64,@@@@", "not valid standard base64")]
    [InlineData("data:image/png;base64,iVBORw0KGgo", "not valid standard base64")]
    [InlineData("data:image/png;base64,iVBORw0K_-go=", "not valid standard base64")]
    [InlineData("a picture of a cat", "expected an http(s) URL or a data URI")]
    [InlineData("//example.com/a.png", "expected an http(s) URL or a data URI")]
    public void Read_RefusedMediaValue_InvalidMediaNamingField(string value, string explanation)
    {
        foreach (var (template, param) in Fields)
        {
            var error = ReadError(UserBlocks(template.Replace("VALUE", Json(value), StringComparison.Ordinal)), param, "invalid_media");

            Assert.Contains(explanation, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_BareBase64Audio_RefusedAlthoughOpenAiTakesIt()
    {
        var error = ReadError(
            UserBlocks("""{"type":"input_audio","input_audio":{"data":"UklGRiQAAABXQVZF","format":"wav"}}"""),
            "messages[0].content[0].input_audio.data", "invalid_media");

        Assert.Contains("must be sent as a data URI: data:<mime>;base64,<payload>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BareBase64)]
    [InlineData("data:image/png;base64,@@notbase64@@" + BareBase64)]
    [InlineData("data:image/png," + BareBase64)]
    [InlineData("https://" + BareBase64)]
    public void Read_RefusedMediaValue_PayloadNeverEchoed(string value)
    {
        var result = Read(UserBlocks("""{"type":"image_url","image_url":{"url":VALUE}}""".Replace("VALUE", Json(value), StringComparison.Ordinal)));

        Assert.False(result.Succeeded);
        Assert.DoesNotContain(BareBase64[..16], result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralMediaKinds_KindsRecorded()
    {
        var request = ReadValid(UserBlocks("""
            {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
            {"type":"input_audio","input_audio":{"data":"data:audio/wav;base64,UklGRg=="}},
            {"type":"file","file":{"file_data":"https://example.com/doc.pdf","filename":"doc.pdf"}}
            """));

        Assert.Equal(
            [ConversationPartKind.Image, ConversationPartKind.Audio, ConversationPartKind.File],
            request.Messages[0].Parts.Select(p => p.Kind));
    }

    private static string Json(string value) => "\"" + System.Text.Json.JsonEncodedText.Encode(value) + "\"";
}
