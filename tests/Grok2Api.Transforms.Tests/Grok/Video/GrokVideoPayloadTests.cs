using System.Text.Json;
using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Transforms.Tests.Grok.Video;

/// <summary>The conversations/new body of a video (docs/grok-protocol.md §12.2) and the parameter helpers.</summary>
public sealed class GrokVideoPayloadTests
{
    [Fact]
    public void Body_CarriesVideoGen_TheModelMap_AndTheModeFlag()
    {
        var body = GrokVideoPayload.Build("a cat", new GrokVideoSettings("16:9", 10, "720p", "fun"), "post-1", temporary: true, disableMemory: true);

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("grok-3", root.GetProperty("modelName").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modelMode").ValueKind);
        Assert.Equal("a cat --mode=extremely-crazy", root.GetProperty("message").GetString());
        Assert.True(root.GetProperty("toolOverrides").GetProperty("videoGen").GetBoolean());
        Assert.Equal(0, root.GetProperty("fileAttachments").GetArrayLength());
        var config = root.GetProperty("responseMetadata").GetProperty("modelConfigOverride").GetProperty("modelMap").GetProperty("videoGenModelConfig");
        Assert.Equal(("16:9", "post-1", "720p", 10), (config.GetProperty("aspectRatio").GetString(), config.GetProperty("parentPostId").GetString(), config.GetProperty("resolutionName").GetString(), config.GetProperty("videoLength").GetInt32()));
    }

    [Theory]
    [InlineData("fun", " --mode=extremely-crazy")]
    [InlineData("normal", " --mode=normal")]
    [InlineData("spicy", " --mode=extremely-spicy-or-crazy")]
    [InlineData("custom", " --mode=custom")]
    public void Presets_BecomeModeFlags(string preset, string flag) =>
        Assert.Equal("p" + flag, GrokVideoParameters.MessageOf("p", preset));

    [Theory]
    [InlineData("users/u/generated/vid-1/generated_video.mp4", "vid-1")]
    [InlineData("https://assets.grok.com/users/u/generated/abc/generated_video.mp4", "abc")]
    [InlineData("users/u/abc/content", null)]
    public void VideoId_IsTakenFromThePath(string path, string? id) => Assert.Equal(id, GrokVideoParameters.VideoIdOf(path));

    [Theory]
    [InlineData("16:9", "16:9")]
    [InlineData("1792x1024", "3:2")]
    [InlineData("1024x1024", "1:1")]
    [InlineData("4:3", null)]
    public void AspectRatios_AreRatiosOrTableSizes(string value, string? ratio) => Assert.Equal(ratio, GrokVideoParameters.AspectRatioOf(value));
}
