using System.Text;
using Grok2Api.Transforms.OpenAi.Images;

namespace Grok2Api.Transforms.Tests.OpenAi.Images;

public sealed class ImageRequestOptionsTests
{
    [Theory]
    [InlineData("1280x720", "16:9", "1280x720")]
    [InlineData("720x1280", "9:16", "720x1280")]
    [InlineData("1792x1024", "3:2", "1792x1024")]
    [InlineData("1024x1792", "2:3", "1024x1792")]
    [InlineData("1024x1024", "1:1", "1024x1024")]
    [InlineData("16:9", "16:9", "1280x720")]
    [InlineData(null, "1:1", "1024x1024")]
    public void TryCreate_SizeOfTheTable_AspectRatio(string? size, string ratio, string echoed)
    {
        Assert.True(ImageRequestOptions.TryCreate(null, size, null, false, ImageResponseFormat.Url, "", out var options, out var error), error?.Message);
        Assert.Equal(ratio, options.AspectRatio);
        Assert.Equal(echoed, options.Size);
        Assert.Equal(1, options.Count);
    }

    [Fact]
    public void TryCreate_UnknownSize_400ListingTheValidOnes()
    {
        Assert.False(ImageRequestOptions.TryCreate(1, "512x512", null, false, ImageResponseFormat.Url, "", out _, out var error));
        Assert.Equal("size", error.Param);
        Assert.Contains("1280x720", error.Message, StringComparison.Ordinal);
        Assert.Contains("1024x1792", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, false, "n")]
    [InlineData(11L, false, "n")]
    [InlineData(3L, true, "n")]
    public void TryCreate_CountOutOfRange_400NamingN(long n, bool stream, string param)
    {
        Assert.False(ImageRequestOptions.TryCreate(n, null, null, stream, ImageResponseFormat.Url, "image_config.", out _, out var error));
        Assert.Equal("image_config." + param, error.Param);
    }

    [Theory]
    [InlineData("url", ImageResponseFormat.Url)]
    [InlineData("b64_json", ImageResponseFormat.Base64)]
    [InlineData("base64", ImageResponseFormat.Base64)]
    [InlineData(null, ImageResponseFormat.Base64)]
    public void TryCreate_ResponseFormat_UrlOrBase64(string? format, ImageResponseFormat expected)
    {
        Assert.True(ImageRequestOptions.TryCreate(2, null, format, true, ImageResponseFormat.Base64, "", out var options, out _));
        Assert.Equal(expected, options.Format);
        Assert.True(options.Stream);
    }

    [Fact]
    public void TryCreate_UnknownResponseFormat_400()
    {
        Assert.False(ImageRequestOptions.TryCreate(1, null, "png", false, ImageResponseFormat.Url, "", out _, out var error));
        Assert.Equal("response_format", error.Param);
    }

    [Theory]
    [InlineData("url", ImageResponseFormat.Url)]
    [InlineData("markdown", ImageResponseFormat.Url)]
    [InlineData("base64", ImageResponseFormat.Base64)]
    [InlineData("b64_json", ImageResponseFormat.Base64)]
    public void DefaultFormat_FromAppImageFormat(string configured, ImageResponseFormat expected) =>
        Assert.Equal(expected, ImageRequestOptions.DefaultFormat(configured));
}

public sealed class ImageGenerationRequestReaderTests
{
    [Fact]
    public void TryRead_FullBody_QualityAndStyleIgnored()
    {
        Assert.True(ImageGenerationRequestReader.TryRead(Body("""
            {"model":"grok-imagine-1.0","prompt":"a cat","n":2,"size":"1280x720","response_format":"b64_json","stream":true,"partial_images":1,"quality":"hd","style":"vivid","user":"u"}
            """), ImageResponseFormat.Url, out var request, out var error), error?.Message);
        Assert.Equal("a cat", request.Prompt);
        Assert.Equal(1, request.PartialImages);
        Assert.Equal(new ImageRequestOptions(2, "1280x720", "16:9", ImageResponseFormat.Base64, true), request.Options);
    }

    [Fact]
    public void TryRead_Minimal_Defaults()
    {
        Assert.True(ImageGenerationRequestReader.TryRead(Body("""{"prompt":"x","n":null,"size":null}"""), ImageResponseFormat.Url, out var request, out _));
        Assert.Equal("grok-imagine-1.0", request.Model);
        Assert.Null(request.PartialImages);
        Assert.Equal(new ImageRequestOptions(1, "1024x1024", "1:1", ImageResponseFormat.Url, false), request.Options);
    }

    [Theory]
    [InlineData("""{"prompt":"x","n":"2"}""", "n", "invalid_type")]
    [InlineData("""{"prompt":"x","n":2.5}""", "n", "invalid_value")]
    [InlineData("""{"prompt":"x","n":99999999999999999999}""", "n", "invalid_value")]
    [InlineData("""{"prompt":"x","n":3,"stream":true}""", "n", "invalid_value")]
    [InlineData("""{"prompt":"x","stream":"yes"}""", "stream", "invalid_type")]
    [InlineData("""{"prompt":"x","partial_images":4}""", "partial_images", "invalid_value")]
    [InlineData("""{"prompt":"x","partial_images":-1}""", "partial_images", "invalid_value")]
    [InlineData("""{"prompt":"x","partial_images":1.5}""", "partial_images", "invalid_value")]
    [InlineData("""{"prompt":"x","partial_images":"2"}""", "partial_images", "invalid_type")]
    [InlineData("""{"prompt":"   "}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"n":1}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"prompt":5}""", "prompt", "invalid_type")]
    [InlineData("""{"prompt":"x","model":"grok-4"}""", "model", "model_not_supported")]
    [InlineData("""{"prompt":"x","size":"1x1"}""", "size", "invalid_value")]
    [InlineData("""{"prompt":"x","response_format":"png"}""", "response_format", "invalid_value")]
    [InlineData("""[1]""", null, "invalid_json")]
    [InlineData("""{"prompt":""", null, "invalid_json")]
    [InlineData("""{"prompt":"\ud800"}""", "prompt", "invalid_value")]
    public void TryRead_BadBody_400NamingTheParameter(string body, string? param, string code)
    {
        Assert.False(ImageGenerationRequestReader.TryRead(Body(body), ImageResponseFormat.Url, out _, out var error));
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}

public sealed class ImageChatReaderTests
{
    [Theory]
    [InlineData("""{"model":"grok-imagine-1.0","messages":[]}""", true)]
    [InlineData("""{"messages":[{"model":"grok-imagine-1.0"}],"model":"grok-imagine-1.0"}""", true)]
    [InlineData("""{"model":"grok-imagine-1.0","model":"grok-4"}""", false)]
    [InlineData("""{"model":"grok-4","messages":[]}""", false)]
    [InlineData("""{"\udc00":1,"model":"grok-imagine-1.0"}""", false)]
    [InlineData("""{"model":"grok-imagine-1.0""", false)]
    [InlineData("""[]""", false)]
    public void HasModel_TopLevelModelOnly_UndecodableNamesSayNo(string json, bool expected) =>
        Assert.Equal(expected, ImageChatReader.HasModel(Encoding.UTF8.GetBytes(json), "grok-imagine-1.0"));
}
