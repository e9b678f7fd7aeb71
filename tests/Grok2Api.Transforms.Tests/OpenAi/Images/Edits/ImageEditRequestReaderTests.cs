using Grok2Api.Transforms.OpenAi.Images;
using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Transforms.Tests.OpenAi.Images.Edits;

public sealed class ImageEditRequestReaderTests
{
    internal static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1];
    internal static readonly byte[] Webp = [.. "RIFF"u8, 36, 0, 0, 0, .. "WEBP"u8, .. "VP8 "u8];
    internal static readonly byte[] Gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0];

    [Fact]
    public void TryRead_MinimalForm_DefaultsOfTheEndpoint()
    {
        var ok = Read([("prompt", "make it blue")], [new("image", Png)], out var request, out var error);

        Assert.True(ok, error?.Message);
        Assert.Equal("grok-imagine-1.0-edit", request!.Model);
        Assert.Equal("make it blue", request.Prompt);
        var image = Assert.Single(request.Images);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal("image.png", image.FileName);
        Assert.Equal(Png, image.Content.ToArray());
        Assert.Equal(1, request.Options.Count);
        Assert.Equal(ImageResponseFormat.Url, request.Options.Format);
        Assert.False(request.Options.Stream);
    }

    [Fact]
    public void TryRead_EveryField_Read()
    {
        var ok = Read(
            [("model", "grok-imagine-1.0-edit"), ("prompt", "x"), ("n", "4"), ("size", "1280x720"), ("response_format", "base64"), ("stream", "false"), ("partial_images", "2"), ("quality", "hd"), ("style", "vivid"), ("user", "u")],
            [new("image[]", Jpeg), new("image[]", Webp), new("image", Png)],
            out var request, out var error);

        Assert.True(ok, error?.Message);
        Assert.Equal(4, request!.Options.Count);
        Assert.Equal(2, request.PartialImages);
        Assert.Equal("1280x720", request.Options.Size);
        Assert.Equal(ImageResponseFormat.Base64, request.Options.Format);
        Assert.Equal(["image/jpeg", "image/webp", "image/png"], request.Images.Select(i => i.MediaType));
        Assert.Equal(["image.jpg", "image-2.webp", "image-3.png"], request.Images.Select(i => i.FileName));
    }

    [Fact]
    public void TryRead_NoResponseFormat_TakesTheDefault()
    {
        Assert.True(ImageEditRequestReader.TryRead([new("prompt", "x")], [new("image", Png)], ImageResponseFormat.Base64, out var request, out _));
        Assert.Equal(ImageResponseFormat.Base64, request.Options.Format);
    }

    [Theory]
    [InlineData("stream", "true", 2)]
    [InlineData("stream", "1", 1)]
    public void TryRead_StreamWithOneOrTwo_Accepted(string field, string value, int n)
    {
        Assert.True(Read([("prompt", "x"), (field, value), ("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture))], [new("image", Png)], out var request, out var error), error?.Message);
        Assert.True(request!.Options.Stream);
    }

    [Theory]
    [InlineData("model", "dall-e-2", "model", "model_not_supported")]
    [InlineData("model", "grok-imagine-1.0", "model", "model_not_supported")]
    [InlineData("n", "0", "n", "invalid_value")]
    [InlineData("n", "11", "n", "invalid_value")]
    [InlineData("n", "two", "n", "invalid_value")]
    [InlineData("n", "99999999999999999999", "n", "invalid_value")]
    [InlineData("size", "999x999", "size", "invalid_value")]
    [InlineData("response_format", "png", "response_format", "invalid_value")]
    [InlineData("stream", "maybe", "stream", "invalid_value")]
    [InlineData("partial_images", "4", "partial_images", "invalid_value")]
    [InlineData("partial_images", "-1", "partial_images", "invalid_value")]
    [InlineData("partial_images", "one", "partial_images", "invalid_value")]
    public void TryRead_BadField_400NamingIt(string field, string value, string param, string code)
    {
        var ok = Read([("prompt", "x"), (field, value)], [new("image", Png)], out _, out var error);

        Assert.False(ok);
        Assert.Equal(param, error!.Param);
        Assert.Equal(code, error.Code);
        Assert.Equal("invalid_request_error", error.Type);
    }

    [Fact]
    public void TryRead_StreamWithThree_RefusedOnN()
    {
        Assert.False(Read([("prompt", "x"), ("stream", "true"), ("n", "3")], [new("image", Png)], out _, out var error));
        Assert.Equal("n", error!.Param);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void TryRead_NoPrompt_400(string? prompt)
    {
        (string, string)[] fields = prompt is null ? [] : [("prompt", prompt)];
        Assert.False(Read(fields, [new("image", Png)], out _, out var error));
        Assert.Equal("prompt", error!.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void TryRead_RepeatedPrompt_400()
    {
        Assert.False(Read([("prompt", "a"), ("prompt", "b")], [new("image", Png)], out _, out var error));
        Assert.Equal("prompt", error!.Param);
    }

    [Fact]
    public void TryRead_NoImage_400()
    {
        Assert.False(Read([("prompt", "x")], [], out _, out var error));
        Assert.Equal("image", error!.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void TryRead_ImageAsText_400()
    {
        Assert.False(Read([("prompt", "x"), ("image", "data")], [new("image", Png)], out _, out var error));
        Assert.Equal("image", error!.Param);
    }

    [Fact]
    public void TryRead_GifOrJunkOrEmpty_400NamingTheImage()
    {
        Assert.False(Read([("prompt", "x")], [new("image", Png), new("image[]", Gif)], out _, out var gif));
        Assert.Equal(("image[]", "invalid_image_type"), (gif!.Param, gif.Code));
        Assert.Contains("Image 2", gif.Message, StringComparison.Ordinal);

        Assert.False(Read([("prompt", "x")], [new("image", "hello"u8.ToArray())], out _, out var junk));
        Assert.Equal("invalid_image_type", junk!.Code);

        Assert.False(Read([("prompt", "x")], [new("image", Array.Empty<byte>())], out _, out var empty));
        Assert.Equal("empty_file", empty!.Code);
    }

    [Fact]
    public void TryRead_TooManyImages_400()
    {
        var files = Enumerable.Range(0, ImageEditRequestReader.MaxImages + 1).Select(_ => new ImageEditUpload("image", Png)).ToList();
        Assert.False(ImageEditRequestReader.TryRead([new("prompt", "x")], files, ImageResponseFormat.Url, out _, out var error));
        Assert.Equal("too_many_images", error!.Code);
    }

    [Fact]
    public void TryRead_LongEchoedValue_Cut()
    {
        Assert.False(Read([("prompt", "x"), ("size", new string('9', 10_000))], [new("image", Png)], out _, out var error));
        Assert.True(error!.Message.Length < 1_000);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, "image/webp")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, null)]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N' }, null)]
    [InlineData(new byte[0], null)]
    public void Sniff_ByMagicBytes(byte[] content, string? expected) => Assert.Equal(expected, ImageFileTypes.Sniff(content));

    private static bool Read((string Name, string Value)[] fields, ImageEditUpload[] files, out ImageEditRequest? request, out Transforms.OpenAi.OpenAiError? error) =>
        ImageEditRequestReader.TryRead([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))], files, ImageResponseFormat.Url, out request, out error);
}
