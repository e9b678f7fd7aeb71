using System.Text;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>Strings that do not decode (unpaired surrogate escapes, invalid UTF-8) are a 400 naming where they are, wherever they are.</summary>
public sealed class ChatRequestReaderUnicodeTests
{
    [Theory]
    [InlineData("""{"\udc00":1,"model":"grok-4","messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"model":"grok-4","\ud800":1,"messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"model":"grok-4","messages":[{"\ud800":1,"role":"user","content":"hi"}]}""", "messages[0]")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"\udfff":"x","type":"text","text":"a"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi"}],"stream_options":{"\ud800x":true}}""", "stream_options")]
    public void Read_UnpairedSurrogateInAPropertyName_Is400NamingTheObject(string json, string? param)
    {
        var error = ReadError(json, param, "invalid_value");

        Assert.Contains("property name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"\udc00","messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"grok-4\ud800","messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"us\udc00er","content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"a\ud800\u0041"}]}""", "messages[0].content")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"a\ud800\ud800\udc00"}]}""", "messages[0].content")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"a\ud800\n"}]}""", "messages[0].content")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"\udc00a"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"te\ud800xt","text":"a"}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"https://a.example/\ud800.png"}}]}]}""", "messages[0].content[1].image_url.url")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"file","file":{"filename":"\ud800.pdf","file_data":"data:application/pdf;base64,QUJD"}}]}]}""", "messages[0].content[1].file.filename")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"\ud800"}""", "reasoning_effort")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi"}],"user":"\ud800"}""", "user")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi"}],"stop":["a","\udc00"]}""", "stop[1]")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi","name":"\udc00"}]}""", "messages[0].name")]
    [InlineData("""{"model":"grok-4","messages":[{"role":"user","content":"hi"}],"image_config":{"a":{"b":["\ud800"]}}}""", "image_config.a.b[0]")]
    public void Read_UnpairedSurrogateInAString_Is400NamingTheParameter(string json, string param)
    {
        var error = ReadError(json, param, "invalid_value");

        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8InAPropertyName_Is400()
    {
        var prefix = Encoding.UTF8.GetBytes("""{"model":"grok-4","messages":[{"role":"user","content":"a"}],"x""");
        var suffix = Encoding.UTF8.GetBytes("\":1}");
        byte[] body = [.. prefix, 0xC3, 0x28, .. suffix];

        var result = ChatRequestReader.Read(body);

        Assert.False(result.Succeeded);
        Assert.Null(result.Error.Param);
        Assert.Equal("invalid_value", result.Error.Code);
    }

    [Fact]
    public void Read_SurrogatePairsAndOtherEscapes_AreAccepted()
    {
        var request = ReadValid("""{"model":"grok-4","messages":[{"role":"user","content":"\ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t \u00e9 é 😀"}],"\ud83d\ude00":"\ud83d\ude00"}""");

        Assert.Equal("😀 \"q\" \\ / \b\f\n\r\t é é 😀", request.Messages[0].Parts[0].Text);
    }

    [Fact]
    public void Read_RandomEscapesAnywhere_NeverThrows()
    {
        // Seeded, so a failure reproduces: escapes of random code units (surrogates included) in
        // property names and values at every level of an otherwise valid body.
        var random = new Random(20261124);
        for (var run = 0; run < 2000; run++)
        {
            string S() => string.Concat(Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(4) switch
            {
                0 => "\\u" + random.Next(0xD700, 0xE000).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                1 => "\\ud83d\\ude00",
                2 => "a",
                _ => "\\n",
            }));
            var json = $$$"""{"{{{S()}}}":"{{{S()}}}","model":"grok-4{{{S()}}}","messages":[{"role":"user{{{S()}}}","{{{S()}}}":1,"content":[{"type":"text","text":"hi{{{S()}}}"},{"type":"image_url","image_url":{"url":"https://a.example/{{{S()}}}"}}]}],"{{{S()}}}":{"{{{S()}}}":["{{{S()}}}"]}}""";

            var result = ChatRequestReader.Read(Encoding.UTF8.GetBytes(json));

            Assert.True(result.Succeeded || result.Error.Code is "invalid_value" or "invalid_media", json + " -> " + result.Error?.Message);
        }
    }

    [Fact]
    public void FindUndecodable_ABodyWhoseStringsAllDecode_IsCheckedWithoutAllocating()
    {
        // Every chat request takes this check; the path of a bad string is only worked out when there is one.
        var body = new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            """{"model":"grok-4","messages":[{"role":"system","content":"be brief \u00e9"},{"role":"user","content":[{"type":"text","text":"hi \ud83d\ude00"},{"type":"image_url","image_url":{"url":"https://a.example/x.png"}}]}],"stop":["a","b"],"stream_options":{"include_usage":true}}"""));
        Assert.Null(ChatJsonStrings.FindUndecodable(body));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ChatJsonStrings.FindUndecodable(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(error);
        Assert.Equal(0, allocated);
    }
}
