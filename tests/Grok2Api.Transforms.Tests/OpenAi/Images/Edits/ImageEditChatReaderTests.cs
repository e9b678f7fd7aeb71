using System.Text;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;
using Grok2Api.Transforms.OpenAi.Images;
using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Transforms.Tests.OpenAi.Images.Edits;

public sealed class ImageEditChatReaderTests
{
    [Fact]
    public void TryRead_EditModel_LastImageAndLastTextOfTheConversation()
    {
        var ok = ChatSurfaceReader.TryRead(Body("""
            {"model":"grok-imagine-1.0-edit","messages":[
              {"role":"system","content":"You edit images."},
              {"role":"user","content":[{"type":"text","text":"first"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
              {"role":"assistant","content":"done"},
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/b.png"}},{"type":"text","text":"  make it blue  "},{"type":"text","text":"   "}]}]}
            """), out var read, out var status, out var error);

        Assert.True(ok, error?.Error.Message);
        Assert.Equal(200, status);
        Assert.Equal("grok-imagine-1.0-edit", read!.Model.Id);
        Assert.Equal("make it blue", read.Prompt.Message);
        var image = Assert.Single(read.Prompt.Attachments);
        Assert.Equal(ConversationPartKind.Image, image.Kind);
        Assert.Equal("https://example.com/b.png", image.Source);
    }

    [Fact]
    public void TryRead_EditWithoutImage_400MissingImage()
    {
        Assert.False(ChatSurfaceReader.TryRead(Body("""{"model":"grok-imagine-1.0-edit","messages":[{"role":"user","content":"make it blue"}]}"""), out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal(("messages", "missing_image"), (error!.Error.Param, error.Error.Code));
    }

    [Fact]
    public void TryRead_EditWithoutText_400EmptyPrompt()
    {
        Assert.False(ChatSurfaceReader.TryRead(Body("""{"model":"grok-imagine-1.0-edit","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}"""), out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal("empty_prompt", error!.Error.Code);
    }

    [Theory]
    [InlineData("""{"n":0}""", "image_config.n")]
    [InlineData("""{"n":"2"}""", "image_config.n")]
    [InlineData("""{"n":11}""", "image_config.n")]
    [InlineData("""{"size":"5x5"}""", "image_config.size")]
    [InlineData("""{"size":5}""", "image_config.size")]
    [InlineData("""{"response_format":"png"}""", "image_config.response_format")]
    [InlineData("""{"response_format":"\ud800"}""", "image_config.response_format")]
    public void TryRead_BadImageConfig_400NamingIt(string config, string param)
    {
        var body = """{"model":"grok-imagine-1.0-edit","image_config":CONFIG,"messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"https://e/a.png"}}]}]}""".Replace("CONFIG", config, StringComparison.Ordinal);
        Assert.False(ChatSurfaceReader.TryRead(Body(body), out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal(param, error!.Error.Param);
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
