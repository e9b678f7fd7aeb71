using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.Media;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Assets;
using Grok2Api.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// <c>cache.limit_mb</c> holds while 200 files pass through a 1 MB cache of the real gateway, half
/// downloaded from the simulator's assets host (<c>CacheAsync</c>), half stored from bytes the gateway
/// holds (<c>StoreAsync</c>), into a DATA_DIR that already holds files the original project and
/// others left (hidden, nested, its temp names): after every store the directories together, every
/// file counted, are within the limit, and the last link still serves its bytes.
/// </summary>
public sealed class MediaCacheLimitTests
{
    private const long Limit = 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoHundredFiles_ThroughA1MbCache_TheTotalNeverEndsAStoreAboveTheLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sim = await GrokSimulator.StartAsync(cancellationToken: ct);
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, $"""
            [app]
            app_url = "https://media.example.test"

            [upstream]
            base_url = "{sim.BaseUrl}"
            assets_url = "{sim.BaseUrl}"
            accounts_url = "{sim.BaseUrl}"

            [token]
            auto_refresh = false

            [cache]
            enable_auto_clean = true
            limit_mb = 1
            """);
        var image = Path.Combine(data.Path, "tmp", "image");
        var video = Path.Combine(data.Path, "tmp", "video");
        Leftover(image, ".DS_Store", 150);
        Leftover(image, "users-old-generated-x-image.jpg.tmp", 200);
        Leftover(Path.Combine(video, "by-hand", "deep"), "clip.mp4", 300);
        Leftover(video, "users-old-generated-y-generated_video.mp4", 250);
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var cache = gateway.Services.GetRequiredService<IMediaCache>();
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("client.test");
        const string Token = "media-limit-token";
        var user = SimulatedUsers.IdOf(Token);
        var random = new Random(20261205);
        string? lastUrl = null;
        byte[]? lastBytes = null;

        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(8, 96) * 1024];
            random.NextBytes(bytes);
            var kind = i % 3 == 0 ? MediaKind.Video : MediaKind.Image;
            if (i % 2 == 0)
            {
                var file = kind == MediaKind.Video ? "generated_video.mp4" : "image.jpg";
                var path = $"users/{user}/generated/f{i:D3}/{file}";
                sim.Assets.Set(path, bytes, kind == MediaKind.Video ? "video/mp4" : "image/jpeg");
                lastUrl = await cache.CacheAsync(kind, Token, path, request, ct).WaitAsync(Bound, ct);
            }
            else
            {
                lastUrl = await cache.StoreAsync(kind, $"imagine-{i:D3}.{(kind == MediaKind.Video ? "mp4" : "jpg")}", bytes, request, ct).WaitAsync(Bound, ct);
            }

            Assert.NotNull(lastUrl);
            lastBytes = bytes;
            var total = Total(image, video);
            Assert.True(total <= Limit, $"after file {i} the cache holds {total} bytes, above {Limit}");
        }

        // Each downloaded asset was fetched once, with the account's cookie.
        Assert.Equal(100, sim.RequestCount(Token));

        // The last link is served, through the gateway's own /v1/files.
        var link = new Uri(lastUrl!);
        using var response = await gateway.Client.GetAsync(link.PathAndQuery, ct).WaitAsync(Bound, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(lastBytes, await response.Content.ReadAsByteArrayAsync(ct));
        Assert.StartsWith("https://media.example.test/v1/files/", lastUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentStores_TheLastTrimLeavesTheCacheWithinTheLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[cache]\nenable_auto_clean = true\nlimit_mb = 1\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var cache = gateway.Services.GetRequiredService<IMediaCache>();
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString("client.test");

        var stores = Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => cache.StoreAsync(i % 2 == 0 ? MediaKind.Image : MediaKind.Video, $"burst-{i:D2}.jpg", new byte[64 * 1024], request, ct), ct))
            .ToArray();
        await Task.WhenAll(stores).WaitAsync(Bound, ct);

        var total = Total(Path.Combine(data.Path, "tmp", "image"), Path.Combine(data.Path, "tmp", "video"));
        Assert.True(total <= Limit, $"{total} bytes after the burst");
        Assert.True(total > Limit / 2, $"{total} bytes: the trim deleted far more than it needed to");
    }

    private static void Leftover(string directory, string name, int kib)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name);
        File.WriteAllBytes(file, new byte[kib * 1024]);
        var old = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-10);
        File.SetLastWriteTimeUtc(file, old);
        File.SetLastAccessTimeUtc(file, old);
    }

    /// <summary>Every file below the two directories, hidden and nested ones included.</summary>
    private static long Total(params string[] directories) =>
        directories.Where(Directory.Exists)
            .SelectMany(d => new DirectoryInfo(d).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            .Sum(f => f.Length);
}
