using Grok2Api.Proxy.Media;
using Grok2Api.Transforms.OpenAi.Images;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class RequestMediaLinkerTests : IDisposable
{
    private const string AssetPath = "users/u/generated/i/image.jpg";
    private const string CachedName = "users-u-generated-i-image.jpg";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private readonly string _directory = Directory.CreateTempSubdirectory("linker-").FullName;

    [Fact]
    public async Task LinkImageAsync_CachesAsAnImageWithTheRequestsTokenAndRequest()
    {
        var cache = new RecordingCache(null);
        var request = MediaTestServices.Request();
        var linker = new RequestMediaLinker(cache, "tok", request, ImageResponseFormat.Url, NullLogger.Instance);

        var url = await linker.LinkImageAsync(AssetPath, TestContext.Current.CancellationToken);

        Assert.Equal("linked:" + AssetPath, url);
        Assert.Equal((MediaKind.Image, "tok", request), cache.Last);
    }

    [Fact]
    public async Task Base64_TheCachedFileInlineAsADataUri_TypedByItsBytes()
    {
        var file = Path.Combine(_directory, CachedName);
        await File.WriteAllBytesAsync(file, Png, TestContext.Current.CancellationToken);
        var linker = new RequestMediaLinker(new RecordingCache(file), "tok", MediaTestServices.Request(), ImageResponseFormat.Base64, NullLogger.Instance);

        var url = await linker.LinkImageAsync(AssetPath, TestContext.Current.CancellationToken);

        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), url);
    }

    [Fact]
    public async Task Base64_AnImageAboveTheInlineBound_KeepsItsLink_WithoutBeingRead()
    {
        var file = Path.Combine(_directory, CachedName);
        await using (var stream = File.Create(file))
        {
            stream.SetLength(CachedImageBase64.MaxFileBytes + 1L);
        }

        var linker = new RequestMediaLinker(new RecordingCache(file), "tok", MediaTestServices.Request(), ImageResponseFormat.Base64, NullLogger.Instance);

        Assert.Equal("linked:" + AssetPath, await linker.LinkImageAsync(AssetPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Base64_AFileGoneBeforeTheRead_IsLeftOut()
    {
        var linker = new RequestMediaLinker(
            new RecordingCache(Path.Combine(_directory, "gone.jpg")), "tok", MediaTestServices.Request(), ImageResponseFormat.Base64, NullLogger.Instance);

        Assert.Null(await linker.LinkImageAsync(AssetPath, TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class RecordingCache(string? file) : IMediaCache
    {
        public (MediaKind, string, HttpRequest)? Last { get; private set; }

        public Task<string?> CacheAsync(MediaKind kind, string token, string assetPath, HttpRequest request, CancellationToken cancellationToken)
        {
            Last = (kind, token, request);
            return Task.FromResult<string?>("linked:" + assetPath);
        }

        public Task<string> StoreAsync(MediaKind kind, string name, ReadOnlyMemory<byte> content, HttpRequest request, CancellationToken cancellationToken) =>
            Task.FromResult("stored:" + name);

        public string? Find(MediaKind kind, string name) => name == CachedName ? file : null;
    }
}
