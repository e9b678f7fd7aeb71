using System.Text.Json;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.ImageEdit;

namespace Grok2Api.Transforms.Tests.Grok.ImageEdit;

public sealed class GrokImageEditTests
{
    [Fact]
    public void PayloadOptions_BuildTheEditBodyOfSection13()
    {
        var options = GrokImageEdit.PayloadOptions(
            "make it blue", ["https://assets.grok.com/users/u1/f1/content", "https://assets.grok.com/users/u1/f2/content"], "post-1", temporary: true, disableMemory: false);

        using var body = JsonDocument.Parse(GrokChatPayload.Build(options));
        var root = body.RootElement;
        Assert.Equal("make it blue", root.GetProperty("message").GetString());
        Assert.Equal("imagine-image-edit", root.GetProperty("modelName").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modelMode").ValueKind);
        Assert.Equal(0, root.GetProperty("fileAttachments").GetArrayLength());
        Assert.True(root.GetProperty("toolOverrides").GetProperty("imageGen").GetBoolean());
        Assert.False(root.GetProperty("disableMemory").GetBoolean());
        var metadata = root.GetProperty("responseMetadata");
        Assert.Equal("imagine-image-edit", metadata.GetProperty("requestModelDetails").GetProperty("modelId").GetString());
        var overrides = metadata.GetProperty("modelConfigOverride");
        Assert.False(overrides.TryGetProperty("temperature", out _));
        var map = overrides.GetProperty("modelMap");
        Assert.Equal("imagine", map.GetProperty("imageEditModel").GetString());
        var config = map.GetProperty("imageEditModelConfig");
        Assert.Equal(
            ["https://assets.grok.com/users/u1/f1/content", "https://assets.grok.com/users/u1/f2/content"],
            config.GetProperty("imageReferences").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("post-1", config.GetProperty("parentPostId").GetString());
    }

    [Fact]
    public void PayloadOptions_WithoutParentPost_LeavesParentPostIdOut()
    {
        using var body = JsonDocument.Parse(GrokChatPayload.Build(GrokImageEdit.PayloadOptions("x", ["https://a/users/u/f/content"], null, true, true)));

        var config = body.RootElement.GetProperty("responseMetadata").GetProperty("modelConfigOverride").GetProperty("modelMap").GetProperty("imageEditModelConfig");
        Assert.False(config.TryGetProperty("parentPostId", out _));
    }

    [Fact]
    public void PayloadOptions_NoImage_Throws() =>
        Assert.Throws<ArgumentException>(() => GrokImageEdit.PayloadOptions("x", [], null, true, true));

    [Theory]
    [InlineData("https://assets.grok.com", "users/u1/f1/content", "https://assets.grok.com/users/u1/f1/content")]
    [InlineData("https://assets.grok.com/", "/users/u1/f1/content", "https://assets.grok.com/users/u1/f1/content")]
    [InlineData("http://127.0.0.1:5380", "users/u/f/content", "http://127.0.0.1:5380/users/u/f/content")]
    [InlineData("https://assets.grok.com", "https://other.example/users/u/f/content", "https://other.example/users/u/f/content")]
    public void AssetUrl_JoinsWithOneSlash(string assets, string fileUri, string expected) =>
        Assert.Equal(expected, GrokImageEdit.AssetUrl(assets, fileUri));

    [Theory]
    [InlineData("https://assets.grok.com/users/u1/generated/img-7/image.jpg", "img-7")]
    [InlineData("users/u1/generated/img-7/image.jpg", "img-7")]
    [InlineData("https://assets.grok.com/users/u1/file-9/content", "file-9")]
    [InlineData("https://assets.grok.com/users/u1/file-9/content?x=1", "file-9")]
    [InlineData("https://assets.grok.com/other/path.png", null)]
    [InlineData("https://assets.grok.com/users/u1/generated/", null)]
    [InlineData("https://assets.grok.com/users/u1/bad%2Fid/content", null)]
    public void PostIdFromPath_GeneratedOrUploadPaths(string url, string? expected) =>
        Assert.Equal(expected, GrokImageEdit.PostIdFromPath(url));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(10, 5)]
    public void CallsFor_OneCallPerTwoImages(int count, int calls) => Assert.Equal(calls, GrokImageEdit.CallsFor(count));
}
