using Grok2Api.Proxy.Media;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class RequestMediaLinkerTests
{
    [Fact]
    public async Task LinkImageAsync_CachesAsAnImageWithTheRequestsTokenAndRequest()
    {
        var cache = new RecordingCache();
        var request = MediaTestServices.Request();
        var linker = new RequestMediaLinker(cache, "tok", request);

        var url = await linker.LinkImageAsync("users/u/generated/i/image.jpg", TestContext.Current.CancellationToken);

        Assert.Equal("linked:users/u/generated/i/image.jpg", url);
        Assert.Equal((MediaKind.Image, "tok", request), cache.Last);
    }

    private sealed class RecordingCache : IMediaCache
    {
        public (MediaKind, string, HttpRequest)? Last { get; private set; }

        public Task<string?> CacheAsync(MediaKind kind, string token, string assetPath, HttpRequest request, CancellationToken cancellationToken)
        {
            Last = (kind, token, request);
            return Task.FromResult<string?>("linked:" + assetPath);
        }

        public Task<string> StoreAsync(MediaKind kind, string name, ReadOnlyMemory<byte> content, HttpRequest request, CancellationToken cancellationToken) =>
            Task.FromResult("stored:" + name);

        public string? Find(MediaKind kind, string name) => null;
    }
}
