using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// <c>GET|HEAD /v1/files/{image|video}/{name}</c> on the real gateway: content types (by content, then
/// extension), every form of Range request a player or download manager sends, validators and 304s,
/// HEAD, no API key needed.
/// </summary>
public sealed class MediaFilesTests(MediaFilesFixture fixture) : IClassFixture<MediaFilesFixture>
{
    private const string ImagePath = "/v1/files/image/" + MediaFilesFixture.Image;
    private const string VideoPath = "/v1/files/video/" + MediaFilesFixture.Video;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly byte[] Image = MediaFilesFixture.ImageBytes;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        headers?.Invoke(request.Headers);
        return await fixture.Gateway.Client.SendAsync(request, Ct).WaitAsync(Bound, Ct);
    }

    private async Task<EntityTagHeaderValue> ETagAsync(string path)
    {
        using var response = await SendAsync(path, method: HttpMethod.Head);
        return response.Headers.ETag ?? throw new InvalidOperationException("no ETag");
    }

    [Fact]
    public async Task Get_Image_WholeFileWithCachingHeadersAndNoApiKey()
    {
        using var response = await SendAsync(ImagePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Image.Length, response.Content.Headers.ContentLength);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Get_Video_IsVideoMp4AndRangeable()
    {
        using var whole = await SendAsync(VideoPath);
        using var part = await SendAsync(VideoPath, h => h.Range = new RangeHeaderValue(0, 1023));

        Assert.Equal("video/mp4", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(MediaFilesFixture.VideoBytes, await whole.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("video/mp4", part.Content.Headers.ContentType?.MediaType);
        Assert.Equal(MediaFilesFixture.VideoBytes[..1024], await part.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/v1/files/image/" + MediaFilesFixture.Upload, "image/jpeg")]
    [InlineData("/v1/files/video/" + MediaFilesFixture.UploadInVideo, "video/mp4")]
    public async Task Get_NameWithoutExtension_TypeComesFromTheContent(string path, string expected)
    {
        using var response = await SendAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(10L, 19L, 10, 20)]
    [InlineData(0L, 0L, 0, 1)]
    [InlineData(100_000L, 200_000L, 100_000, 200_001)]
    [InlineData(262_000L, 999_999L, 262_000, 262_152)] // an end past the file is clamped to it
    [InlineData(262_000L, null, 262_000, 262_152)] // open range: to the end
    [InlineData(null, 16L, 262_136, 262_152)] // suffix range: the last 16 bytes
    [InlineData(null, 999_999L, 0, 262_152)] // a suffix longer than the file: all of it
    public async Task Get_SatisfiableRange_206WithExactlyThoseBytes(long? from, long? to, int start, int end)
    {
        using var response = await SendAsync(ImagePath, h => h.Range = new RangeHeaderValue(from, to));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Image[start..end], await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal($"bytes {start}-{end - 1}/{Image.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(end - start, response.Content.Headers.ContentLength);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(262_152L, null)]
    [InlineData(300_000L, 400_000L)]
    public async Task Get_UnsatisfiableRange_416WithTheLength(long from, long? to)
    {
        using var response = await SendAsync(ImagePath, h => h.Range = new RangeHeaderValue(from, to));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{Image.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=0-9,0-9")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=9-1")]
    [InlineData("items=0-9")]
    [InlineData("bytes=--1")]
    public async Task Get_MultipleOrMalformedRanges_TheWholeFileAs200(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ImagePath);
        Assert.True(request.Headers.TryAddWithoutValidation("Range", range));

        using var response = await fixture.Gateway.Client.SendAsync(request, Ct).WaitAsync(Bound, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Null(response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task Get_IfRangeWithTheCurrentETag_206()
    {
        var etag = await ETagAsync(ImagePath);

        using var response = await SendAsync(ImagePath, h =>
        {
            h.Range = new RangeHeaderValue(5, 9);
            h.IfRange = new RangeConditionHeaderValue(etag);
        });

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Image[5..10], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_IfRangeWithAnotherETag_TheWholeFileAs200()
    {
        using var response = await SendAsync(ImagePath, h =>
        {
            h.Range = new RangeHeaderValue(5, 9);
            h.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"an-older-version\""));
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_IfRangeWithTheLastModifiedDate_206_WithAnEarlierDate_200()
    {
        using var head = await SendAsync(ImagePath, method: HttpMethod.Head);
        var lastModified = head.Content.Headers.LastModified!.Value;

        using var current = await SendAsync(ImagePath, h =>
        {
            h.Range = new RangeHeaderValue(0, 3);
            h.IfRange = new RangeConditionHeaderValue(lastModified);
        });
        using var stale = await SendAsync(ImagePath, h =>
        {
            h.Range = new RangeHeaderValue(0, 3);
            h.IfRange = new RangeConditionHeaderValue(lastModified.AddDays(-1));
        });

        Assert.Equal(HttpStatusCode.PartialContent, current.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(Image.Length, stale.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_IfNoneMatchTheETag_304WithoutABody()
    {
        var etag = await ETagAsync(ImagePath);

        using var response = await SendAsync(ImagePath, h => h.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, response.Headers.ETag);
    }

    [Fact]
    public async Task Get_IfNoneMatchAnotherETag_200()
    {
        using var response = await SendAsync(ImagePath, h => h.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_IfModifiedSince_304WhenUnchanged_200WhenChangedSince()
    {
        using var head = await SendAsync(ImagePath, method: HttpMethod.Head);
        var lastModified = head.Content.Headers.LastModified!.Value;

        using var unchanged = await SendAsync(ImagePath, h => h.IfModifiedSince = lastModified);
        using var changed = await SendAsync(ImagePath, h => h.IfModifiedSince = lastModified.AddHours(-1));

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(Image, await changed.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Head_HeadersOfTheGetWithoutABody()
    {
        using var response = await SendAsync(VideoPath, method: HttpMethod.Head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaFilesFixture.VideoBytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Head_WithARange_206HeadersWithoutABody()
    {
        using var response = await SendAsync(VideoPath, h => h.Range = new RangeHeaderValue(100, 199), HttpMethod.Head);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(100, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_LinkOfTheOriginalProjectWithSlashes_ServesTheFlattenedFile()
    {
        using var response = await SendAsync("/v1/files/image/users/u1/generated/i1/image.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Image, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/v1/files/image/users-u1-generated-nope-image.png", "Image not found.")]
    [InlineData("/v1/files/video/" + MediaFilesFixture.Image, "Video not found.")]
    [InlineData("/v1/files/audio/" + MediaFilesFixture.Image, "File not found.")]
    [InlineData("/v1/files/image/nested/secret.png", "Image not found.")]
    [InlineData("/v1/files/image/.secret", "Image not found.")]
    public async Task Get_NotACachedFileOfThatKind_404InTheOpenAiShape(string path, string message)
    {
        using var response = await SendAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(MediaFilesFixture.Secret, body, StringComparison.Ordinal);
        var error = JsonNode.Parse(body)!["error"]!;
        Assert.Equal(message, error["message"]!.GetValue<string>());
        Assert.Equal("file_not_found", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_IsNotServed()
    {
        using var response = await fixture.Gateway.Client.PostAsync(ImagePath, new ByteArrayContent([1]), Ct).WaitAsync(Bound, Ct);

        Assert.True((int)response.StatusCode is 404 or 405, $"got {(int)response.StatusCode}");
    }
}
