using System.Text;
using Grok2Api.Proxy.Images.Edits;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.Tests.Images.Edits;

public sealed class ImageEditFormReaderTests
{
    private const long BodyLimit = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_FieldsAndImages_InOrder_OtherFilesDropped()
    {
        var body = Multipart(
            Field("prompt", "make it blue"),
            File("image", [1, 2, 3]),
            File("mask", [9, 9]),
            File("image[]", [4, 5]),
            Field("n", "2"));

        var result = await ImageEditFormReader.ReadAsync(Request(body), BodyLimit, 1000, Ct);

        using var form = Assert.IsType<ImageEditForm>(result.Form);
        Assert.Equal([new("prompt", "make it blue"), new("n", "2")], form.Fields);
        Assert.Equal(["image", "image[]"], form.Files.Select(f => f.Field));
        Assert.Equal([1, 2, 3], form.Files[0].Content.ToArray());
        Assert.Equal([4, 5], form.Files[1].Content.ToArray());
        Assert.Equal(5, form.FileBytes);
    }

    [Fact]
    public async Task ReadAsync_ImageOverTheImageLimit_400NamingIt()
    {
        var result = await ImageEditFormReader.ReadAsync(Request(Multipart(Field("prompt", "x"), File("image", new byte[101]))), BodyLimit, 100, Ct);

        Assert.Null(result.Form);
        Assert.Equal(400, result.Status);
        Assert.Equal(("image", "file_too_large"), (result.Error!.Param, result.Error.Code));
    }

    [Fact]
    public async Task ReadAsync_FieldOverItsLimit_400()
    {
        var result = await ImageEditFormReader.ReadAsync(Request(Multipart(Field("prompt", new string('p', ImageEditFormReader.MaxFieldBytes + 1)))), BodyLimit * 4, 100, Ct);

        Assert.Equal(400, result.Status);
        Assert.Equal(("prompt", "field_too_large"), (result.Error!.Param, result.Error.Code));
    }

    [Fact]
    public async Task ReadAsync_TooManyParts_400()
    {
        var parts = Enumerable.Range(0, ImageEditFormReader.MaxParts + 1).Select(i => Field("f" + i, "v")).ToArray();

        var result = await ImageEditFormReader.ReadAsync(Request(Multipart(parts)), BodyLimit, 100, Ct);

        Assert.Equal(("invalid_multipart", 400), (result.Error!.Code, result.Status));
    }

    [Fact]
    public async Task ReadAsync_TooManyImages_400BeforeReadingThemAll()
    {
        var parts = Enumerable.Range(0, 17).Select(_ => File("image", [1])).ToArray();

        var result = await ImageEditFormReader.ReadAsync(Request(Multipart(parts)), BodyLimit, 100, Ct);

        Assert.Equal(("image", "too_many_images"), (result.Error!.Param, result.Error.Code));
    }

    [Theory]
    [InlineData("--b\r\nContent-Disposition: form-data; name=prompt\r\n\r\nno end")]
    [InlineData("--b\r\nContent-Disposition: attachment; name=prompt\r\n\r\nx\r\n--b--\r\n")]
    [InlineData("--b\r\nX-Other: 1\r\n\r\nx\r\n--b--\r\n")]
    [InlineData("garbage without any boundary")]
    public async Task ReadAsync_Malformed_400(string body)
    {
        var result = await ImageEditFormReader.ReadAsync(Request(Encoding.UTF8.GetBytes(body)), BodyLimit, 100, Ct);

        Assert.Null(result.Form);
        Assert.Equal(400, result.Status);
        Assert.Equal("invalid_multipart", result.Error!.Code);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8Field_400()
    {
        byte[] body = [.. "--b\r\nContent-Disposition: form-data; name=prompt\r\n\r\n"u8, 0xFF, 0xFE, .. "\r\n--b--\r\n"u8];

        var result = await ImageEditFormReader.ReadAsync(Request(body), BodyLimit, 100, Ct);

        Assert.Equal(("prompt", "invalid_value"), (result.Error!.Param, result.Error.Code));
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheLimit_413WithoutReading()
    {
        var request = Request(Multipart(Field("prompt", "x")));
        request.ContentLength = BodyLimit + 1;

        var result = await ImageEditFormReader.ReadAsync(request, BodyLimit, 100, Ct);

        Assert.Equal((413, "request_too_large"), (result.Status, result.Error!.Code));
        Assert.Equal(0, request.Body.Position);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=b", true)]
    [InlineData("Multipart/Form-Data; boundary=\"b\"", true)]
    [InlineData("multipart/mixed; boundary=b", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void IsMultipartForm(string? contentType, bool expected) => Assert.Equal(expected, ImageEditFormReader.IsMultipartForm(contentType));

    [Fact]
    public async Task ReadAsync_NoBoundary_400()
    {
        var request = Request(Multipart(Field("prompt", "x")));
        request.ContentType = "multipart/form-data";

        var result = await ImageEditFormReader.ReadAsync(request, BodyLimit, 100, Ct);

        Assert.Equal("invalid_multipart", result.Error!.Code);
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "multipart/form-data; boundary=b";
        context.Request.Body = new MemoryStream(body);
        return context.Request;
    }

    private static byte[] Field(string name, string value) => Encoding.UTF8.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");

    private static byte[] File(string name, byte[] content) =>
        [.. Encoding.UTF8.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"), .. content, .. "\r\n"u8];

    private static byte[] Multipart(params byte[][] parts) => [.. parts.SelectMany(p => p), .. "--b--\r\n"u8];
}
