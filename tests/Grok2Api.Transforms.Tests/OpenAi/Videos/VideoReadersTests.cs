using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.OpenAi.Videos;
using Grok2Api.Transforms.Tests.Timing;

namespace Grok2Api.Transforms.Tests.OpenAi.Videos;

/// <summary>The JSON reader of POST /v1/videos and the chat video_config reader.</summary>
public sealed class VideoReadersTests
{
    [Fact]
    public void Create_ReadsEveryField_SecondsAsStringOrNumber()
    {
        Assert.True(VideoCreateReader.TryRead(Encoding.UTF8.GetBytes("""{"model":"m","prompt":"p","seconds":8,"size":"1280x720","preset":"fun","input_reference":{"image_url":"https://x/y.png"},"extra":[1]}"""), out var fields, out _));
        Assert.Equal(new VideoCreateFields { Model = "m", Prompt = "p", Seconds = "8", Size = "1280x720", Preset = "fun", InputReferenceUrl = "https://x/y.png" }, fields);
        Assert.True(VideoCreateReader.TryRead(Encoding.UTF8.GetBytes("""{"prompt":"p","seconds":"12","input_reference":"data:image/png;base64,AA=="}"""), out fields, out _));
        Assert.Equal(("12", "data:image/png;base64,AA=="), (fields.Seconds, fields.InputReferenceUrl));
    }

    [Theory]
    [InlineData("[]", null)]
    [InlineData("{", null)]
    [InlineData("""{"mod\ud83del":["tool"]}""", null)]
    [InlineData("""{"prompt":["x"]}""", "prompt")]
    [InlineData("""{"prompt":"x","seconds":true}""", "seconds")]
    [InlineData("""{"prompt":"x","seconds":4.5}""", "seconds")]
    [InlineData("""{"prompt":"x","input_reference":5}""", "input_reference")]
    [InlineData("""{"prompt":"x","input_reference":{"file_id":"f"}}""", "input_reference.file_id")]
    public void Create_WrongShapes_NameTheParameter(string body, string? param)
    {
        Assert.False(VideoCreateReader.TryRead(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void VideoConfig_DefaultsAndValues()
    {
        Assert.True(VideoConfigReader.TryRead(null, out var defaults, out _));
        Assert.Equal(("3:2", 6, "480p", "custom"), (defaults.AspectRatio, defaults.VideoLength, defaults.ResolutionName, defaults.Preset));

        using var config = JsonDocument.Parse("""{"aspect_ratio":"1024x1792","video_length":"15","resolution_name":"720p","preset":"normal"}""");
        Assert.True(VideoConfigReader.TryRead(config.RootElement, out var settings, out _));
        Assert.Equal(("2:3", 15, "720p", "normal"), (settings.AspectRatio, settings.VideoLength, settings.ResolutionName, settings.Preset));
    }

    [Fact]
    public void Create_IsLinearInThePrompt()
    {
        // A prompt 8 times as long takes about 8 times as long, far below the 64 times of quadratic work.
        Linearity.Assert(
            length =>
            {
                var body = Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('a', length) + "\"}");
                for (var i = 0; i < 5; i++)
                {
                    Assert.True(VideoCreateReader.TryRead(body, out _, out _));
                }
            },
            small: 256 * 1024,
            factor: 8);
    }
}
