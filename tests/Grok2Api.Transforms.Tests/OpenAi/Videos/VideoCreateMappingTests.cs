using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Transforms.Tests.OpenAi.Videos;

/// <summary>The documented mapping of the OpenAI seconds and size onto Grok's lengths, ratios and resolutions.</summary>
public sealed class VideoCreateMappingTests
{
    [Theory]
    [InlineData("1", 6)]
    [InlineData("4", 6)]
    [InlineData("6", 6)]
    [InlineData("7", 10)]
    [InlineData("8", 10)]
    [InlineData("10", 10)]
    [InlineData("11", 15)]
    [InlineData("12", 15)]
    [InlineData("15", 15)]
    [InlineData(null, 6)]
    public void Seconds_MapOntoTheNextLengthGrokMakes(string? seconds, int length)
    {
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Seconds = seconds }, out var request, out _, out _));
        Assert.Equal(length, request.Settings.VideoLength);
        Assert.Equal(length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Seconds);
    }

    [Theory]
    [InlineData(null, "data:image/png;base64,iVBORw0KGgo=", false)]
    [InlineData("  ", "https://example.com/a.png", false)]
    [InlineData(null, null, true)]
    public void AReferenceImageWithoutPrompt_IsImageToVideoWithAnEmptyPrompt(string? prompt, string? url, bool file)
    {
        Assert.True(VideoCreateMapping.TryMap(
            new VideoCreateFields { Prompt = prompt, InputReferenceUrl = url, HasInputReferenceFile = file }, out var request, out _, out var error), error?.Error.Message);
        Assert.Equal(string.Empty, request.Prompt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void NeitherPromptNorReference_Is400NamingPrompt(string? prompt)
    {
        Assert.False(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = prompt }, out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal("prompt", error.Error.Param);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("16")]
    [InlineData("-4")]
    [InlineData("4.5")]
    [InlineData(" 4")]
    public void SecondsOutsideOneToFifteen_Are400(string seconds)
    {
        Assert.False(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Seconds = seconds }, out _, out var status, out var error));
        Assert.Equal(400, status);
        Assert.Equal("seconds", error.Error.Param);
    }

    [Theory]
    [InlineData("1280x720", "16:9", "720p")]
    [InlineData("720x1280", "9:16", "720p")]
    [InlineData("1792x1024", "3:2", "720p")]
    [InlineData("1024x1792", "2:3", "720p")]
    [InlineData("1024x1024", "1:1", "720p")]
    [InlineData("854x480", "16:9", "480p")]
    [InlineData("480x854", "9:16", "480p")]
    [InlineData("720x480", "3:2", "480p")]
    [InlineData("480x720", "2:3", "480p")]
    [InlineData("480x480", "1:1", "480p")]
    [InlineData(null, "3:2", "480p")]
    public void Sizes_MapOntoRatioAndResolution(string? size, string ratio, string resolution)
    {
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Size = size }, out var request, out _, out _));
        Assert.Equal((ratio, resolution), (request.Settings.AspectRatio, request.Settings.ResolutionName));
        Assert.Equal(size ?? "720x480", request.Size);
    }

    [Fact]
    public void AnUnknownSize_Is400ListingTheValidOnes()
    {
        Assert.False(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Size = "640x640" }, out _, out _, out var error));
        Assert.Equal("size", error.Error.Param);
        Assert.Contains("1280x720", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HdOrLong_PrefersSuper_AndOnlyHdUpscales()
    {
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Size = "1280x720" }, out var hd, out _, out _));
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Seconds = "12" }, out var longer, out _, out _));
        Assert.True(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p" }, out var plain, out _, out _));

        Assert.Equal((true, true), (hd.Settings.PrefersSuper, hd.Settings.UpscaleOnBasic));
        Assert.Equal((true, false), (longer.Settings.PrefersSuper, longer.Settings.UpscaleOnBasic));
        Assert.Equal((false, false), (plain.Settings.PrefersSuper, plain.Settings.UpscaleOnBasic));
    }

    [Theory]
    [InlineData("grok-4", 400)]
    [InlineData("nope", 404)]
    public void ModelsThatDoNotMakeVideos_AreRefused(string model, int expected)
    {
        Assert.False(VideoCreateMapping.TryMap(new VideoCreateFields { Prompt = "p", Model = model }, out _, out var status, out var error));
        Assert.Equal(expected, status);
        Assert.Equal("model", error.Error.Param);
    }
}
