using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Storage;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Media;

/// <summary>/v1/files on a real Kestrel host that maps only the media endpoint with its DI extension.</summary>
public sealed class MediaFilesApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly byte[] Png = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

    private readonly TempDirectory _dataDir = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ImageDirectory => Path.Combine(_dataDir.Path, "tmp", "image");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IOptionsMonitor<GrokConfig>>(new TestOptionsMonitor<GrokConfig>(new GrokConfig()));
        builder.Services.AddGrokConfigSections();
        builder.Services.AddSingleton(new StorageSettings(_dataDir.Path, StorageKind.Local, ""));
        builder.Services.AddGrokMedia();
        _app = builder.Build();
        _app.MapMediaFiles();
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };

        Directory.CreateDirectory(ImageDirectory);
        Directory.CreateDirectory(Path.Combine(_dataDir.Path, "tmp", "video"));
        await File.WriteAllBytesAsync(Path.Combine(ImageDirectory, "users-u1-generated-i1-image.png"), Png, Ct);
        await File.WriteAllBytesAsync(Path.Combine(_dataDir.Path, "tmp", "video", "users-u1-generated-v1-generated_video.mp4"), [1, 2, 3], Ct);
        await File.WriteAllTextAsync(Path.Combine(_dataDir.Path, "config.toml"), "secret = 1", Ct);
        await File.WriteAllTextAsync(Path.Combine(_dataDir.Path, "tmp", "secret.jpg"), "secret", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _dataDir.Dispose();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        configure?.Invoke(request);
        return _client.SendAsync(request, Ct).WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task Get_CachedImage_ServesItWithCachingHeaders()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Get_Video_IsServedAsMp4()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/files/video/users-u1-generated-v1-generated_video.mp4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_Range_Returns206WithThoseBytes()
    {
        using var response = await SendAsync(
            HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png", r => r.Headers.Range = new RangeHeaderValue(10, 19));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Png[10..20], await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("bytes 10-19/100", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Get_SuffixRange_ReturnsTheTail()
    {
        using var response = await SendAsync(
            HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png", r => r.Headers.Range = new RangeHeaderValue(null, 5));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Png[95..], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_UnsatisfiableRange_Returns416()
    {
        using var response = await SendAsync(
            HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png", r => r.Headers.Range = new RangeHeaderValue(500, 600));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task Get_MatchingETag_Returns304()
    {
        using var first = await SendAsync(HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png");

        using var second = await SendAsync(
            HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Head_ReturnsHeadersWithoutABody()
    {
        using var response = await SendAsync(HttpMethod.Head, "/v1/files/image/users-u1-generated-i1-image.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_Missing_Returns404InTheOpenAiShape()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/files/image/users-u1-generated-nope-image.jpg");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("file_not_found", error["code"]!.GetValue<string>());
        Assert.Equal("Image not found.", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/v1/files/image/..%2F..%2Fconfig.toml")]
    [InlineData("/v1/files/image/..%2Fsecret.jpg")]
    [InlineData("/v1/files/image/%2E%2E%2Fsecret.jpg")]
    [InlineData("/v1/files/image/..%5Csecret.jpg")]
    [InlineData("/v1/files/image/sub/users-u1-generated-i1-image.png")]
    [InlineData("/v1/files/video/..%2Fimage%2Fusers-u1-generated-i1-image.png")]
    [InlineData("/v1/files/config/config.toml")]
    [InlineData("/v1/files/image/.config.toml")]
    public async Task Get_TraversalOrUnsafeName_Returns404(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.Equal("file_not_found", JsonNode.Parse(body)!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_NestedLinkOfTheOriginalProject_ServesTheFlattenedFile()
    {
        // The original handed out /v1/files/image/<asset path with slashes>; those links keep working.
        using var response = await SendAsync(HttpMethod.Get, "/v1/files/image/users/u1/generated/i1/image.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(ImageDirectory, "users-u1-generated-i1-image.png"), Ct),
            await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_FileTrimmedAway_Returns404()
    {
        File.Delete(Path.Combine(ImageDirectory, "users-u1-generated-i1-image.png"));

        using var response = await SendAsync(HttpMethod.Get, "/v1/files/image/users-u1-generated-i1-image.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
