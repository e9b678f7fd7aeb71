using System.Text;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi.Chat;
using Grok2Api.Transforms.OpenAi.Images;
using Grok2Api.Transforms.OpenAi.Images.Edits;
using Grok2Api.Transforms.OpenAi.Videos;
using Grok2Api.Transforms.Tests.OpenAi.Images.Edits;

namespace Grok2Api.Transforms.Tests.OpenAi.Models;

/// <summary>Every reader that resolves a client's model name takes the operator's aliases.</summary>
public sealed class ModelAliasReadersTests
{
    private static readonly ModelAliases Aliases = new(new Dictionary<string, string>
    {
        ["claude-sonnet-4-5"] = "grok-4.1-fast",
        ["dall-e-3"] = "grok-imagine-1.0",
        ["gpt-image-1"] = "grok-imagine-1.0-edit",
        ["sora-2"] = "grok-imagine-1.0-video",
    });

    [Fact]
    public void ChatSurface_Alias_ResolvesToItsModel_AndKeepsTheClientsName()
    {
        var body = Body("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(ChatSurfaceReader.TryRead(body, Aliases, out var read, out _, out var error), error?.Error.Message);
        Assert.Equal("grok-4.1-fast", read.Model.Id);
        Assert.Equal("claude-sonnet-4-5", read.Request.Model);

        // Without the aliases the same name is unknown.
        Assert.False(ChatSurfaceReader.TryRead(body, out _, out var status, out _));
        Assert.Equal(404, status);
    }

    [Fact]
    public void ImageChat_AliasOfTheImageModel_IsRecognised()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"dall-e-3","messages":[{"role":"user","content":"a cat"}]}""");

        Assert.True(ImageChatReader.NamesModel(body, ImageGenerationRequestReader.Model, Aliases));
        Assert.False(ImageChatReader.NamesModel(body, ImageGenerationRequestReader.Model, ModelAliases.None));
        Assert.False(ImageChatReader.NamesModel(Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-5"}"""), ImageGenerationRequestReader.Model, Aliases));
    }

    [Fact]
    public void ImageGenerations_AliasOfTheImageModel_IsServed_AnotherAliasIsNot()
    {
        Assert.True(ImageGenerationRequestReader.TryRead(Body("""{"model":"dall-e-3","prompt":"a cat"}"""), ImageResponseFormat.Url, Aliases, out var request, out _));
        Assert.Equal(ImageGenerationRequestReader.Model, request.Model);

        Assert.False(ImageGenerationRequestReader.TryRead(Body("""{"model":"claude-sonnet-4-5","prompt":"a cat"}"""), ImageResponseFormat.Url, Aliases, out _, out var error));
        Assert.Equal("model_not_supported", error.Code);
    }

    [Fact]
    public void ImageEdits_AliasOfTheEditModel_IsServed()
    {
        Assert.True(ImageEditRequestReader.TryRead(
            [new("model", "gpt-image-1"), new("prompt", "x")], [new("image", ImageEditRequestReaderTests.Png)], ImageResponseFormat.Url, Aliases, out var request, out var error), error?.Message);
        Assert.Equal(ImageEditRequestReader.Model, request.Model);
        Assert.False(ImageEditRequestReader.TryRead(
            [new("model", "dall-e-3"), new("prompt", "x")], [new("image", ImageEditRequestReaderTests.Png)], ImageResponseFormat.Url, Aliases, out _, out _));
    }

    [Fact]
    public void Videos_AliasOfTheVideoModel_IsServed()
    {
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Model = "sora-2" }, Aliases, out var request, out _, out _));
        Assert.Equal("grok-imagine-1.0-video", request.Model.Id);
        Assert.False(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Model = "sora-2" }, out _, out var status, out _));
        Assert.Equal(404, status);
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}
