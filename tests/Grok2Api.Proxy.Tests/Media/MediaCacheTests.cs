using Grok2Api.Proxy.Diagnostics;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;
using Grok2Api.Configuration;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class MediaCacheTests : IAsyncLifetime
{
    private const string Token = MediaTestServices.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static readonly string User = SimulatedUsers.IdOf(Token);
    private static readonly string ImagePath = $"users/{User}/generated/0a1b2c3d-0000-4000-8000-000000000001/image.jpg";
    private static readonly string ImageName = $"users-{User}-generated-0a1b2c3d-0000-4000-8000-000000000001-image.jpg";

    private GrokSimulator _sim = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sim = await GrokSimulator.StartAsync(cancellationToken: Ct).WaitAsync(Bound, Ct);

    public async ValueTask DisposeAsync() => await _sim.DisposeAsync();

    private MediaTestServices Services(Func<GrokConfig, GrokConfig>? change = null) =>
        MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri, change));

    private int Downloads(string path) => _sim.RequestCount(Token, "/" + path);

    [Fact]
    public async Task CacheAsync_GeneratedImage_StoresItUnderItsPathNameAndLinksIt()
    {
        await using var services = Services();

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Equal("https://gateway.example.test/v1/files/image/" + ImageName, url);
        var file = Path.Combine(services.ImageDirectory, ImageName);
        Assert.Equal(AssetStore.DefaultContent(ImagePath), await File.ReadAllBytesAsync(file, Ct));
        Assert.Equal(file, services.Cache.Find(MediaKind.Image, ImageName));
    }

    [Fact]
    public async Task StoreAsync_BytesTheGatewayHolds_AreWrittenWholeAndLinked()
    {
        await using var services = Services();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        var url = await services.Cache.StoreAsync(MediaKind.Image, "imagine-abc.jpg", bytes, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Equal("https://gateway.example.test/v1/files/image/imagine-abc.jpg", url);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(services.ImageDirectory, "imagine-abc.jpg"), Ct));
        Assert.Single(Directory.GetFiles(services.ImageDirectory, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../escape.jpg")]
    [InlineData(".hidden.jpg")]
    [InlineData("a/b.jpg")]
    public async Task StoreAsync_UnsafeName_IsRefusedAndNothingIsWritten(string name)
    {
        await using var services = Services();

        await Assert.ThrowsAsync<ArgumentException>(() => services.Cache.StoreAsync(MediaKind.Image, name, new byte[] { 1 }, MediaTestServices.Request(), Ct));

        Assert.False(Directory.Exists(services.ImageDirectory) && Directory.EnumerateFileSystemEntries(services.ImageDirectory).Any());
    }

    [Fact]
    public async Task CacheAsync_AbsoluteAssetsUrlWithQuery_UsesThePathAsTheName()
    {
        await using var services = Services();

        var url = await services.Cache.CacheAsync(
            MediaKind.Image, Token, $"{_sim.BaseUrl}/{ImagePath}?cache=1", MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.EndsWith("/v1/files/image/" + ImageName, url, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, ImageName)));
        Assert.Equal("?cache=1", _sim.Requests.Single(r => r.Path == "/" + ImagePath).Query);
    }

    [Fact]
    public async Task CacheAsync_Video_GoesToTheVideoDirectory()
    {
        await using var services = Services();
        var path = $"users/{User}/generated/v1/generated_video.mp4";

        var url = await services.Cache.CacheAsync(MediaKind.Video, Token, path, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Equal($"https://gateway.example.test/v1/files/video/users-{User}-generated-v1-generated_video.mp4", url);
        Assert.True(File.Exists(Path.Combine(services.VideoDirectory, $"users-{User}-generated-v1-generated_video.mp4")));
    }

    [Fact]
    public async Task CacheAsync_EmptyAppUrl_LinksThroughTheRequestHost()
    {
        await using var services = Services(c => c with { App = c.App with { AppUrl = "" } });

        var url = await services.Cache.CacheAsync(
            MediaKind.Image, Token, ImagePath, MediaTestServices.Request("https", "api.example.test", "/grok"), Ct).WaitAsync(Bound, Ct);

        Assert.Equal("https://api.example.test/grok/v1/files/image/" + ImageName, url);
    }

    [Fact]
    public async Task CacheAsync_AppUrlWithTrailingSlash_HasNoDoubleSlash()
    {
        await using var services = Services(c => c with { App = c.App with { AppUrl = "https://media.example.test/prefix/" } });

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Equal("https://media.example.test/prefix/v1/files/image/" + ImageName, url);
    }

    [Fact]
    public async Task CacheAsync_AlreadyCached_DoesNotDownloadAgain()
    {
        await using var services = Services();

        await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);
        var again = await services.Cache.CacheAsync(MediaKind.Image, Token, "/" + ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.NotNull(again);
        Assert.Equal(1, Downloads(ImagePath));
    }

    [Fact]
    public async Task CacheAsync_ConcurrentCallers_ShareOneDownload()
    {
        await using var services = Services();
        _sim.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromMilliseconds(300)).OnlyFor("/" + ImagePath));

        var calls = Enumerable.Range(0, 8)
            .Select(_ => services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct))
            .ToArray();
        var urls = await Task.WhenAll(calls).WaitAsync(Bound, Ct);

        Assert.All(urls, u => Assert.EndsWith(ImageName, u, StringComparison.Ordinal));
        Assert.Equal(1, Downloads(ImagePath));
    }

    [Fact]
    public async Task CacheAsync_UpstreamError_ReturnsNullLeavesNoFileAndLogsTheTokenId()
    {
        await using var services = Services();
        _sim.Faults.SetPersistent(null, Fault.ServerError(500).OnlyFor("/" + ImagePath));

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(url);
        Assert.False(Directory.Exists(services.ImageDirectory) && Directory.EnumerateFileSystemEntries(services.ImageDirectory).Any());
        var warning = Assert.Single(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.DownloadFailed);
        Assert.Contains(Grok2Api.Storage.Tokens.TokenIdentity.IdOf(Token), warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheAsync_FailedThenFixed_DownloadsOnTheNextCall()
    {
        await using var services = Services();
        _sim.Faults.Enqueue(null, Fault.ServerError(500).OnlyFor("/" + ImagePath));

        var first = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);
        var second = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(first);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task CacheAsync_StalledDownload_TimesOutWithoutAPartialFile()
    {
        await using var services = Services(c => c with { Asset = c.Asset with { DownloadTimeout = 0.5 } });
        _sim.Faults.Enqueue(null, Fault.Stall().OnlyFor("/" + ImagePath));

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(url);
        Assert.False(Directory.Exists(services.ImageDirectory) && Directory.EnumerateFileSystemEntries(services.ImageDirectory).Any());
    }

    [Fact]
    public async Task CacheAsync_ConnectionDroppedMidBody_LeavesNoPartialFile()
    {
        await using var services = Services();
        await using var stub = await StubServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 100_000;
            await context.Response.Body.WriteAsync(new byte[1000], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        }, Ct);
        services.Config.Update(c => c with { Upstream = c.Upstream with { AssetsUrl = stub.BaseUri.AbsoluteUri } });

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(url);
        Assert.Empty(Directory.Exists(services.ImageDirectory) ? Directory.GetFileSystemEntries(services.ImageDirectory) : []);
    }

    [Fact]
    public async Task CacheAsync_RedirectWithinTheAssetsHost_IsFollowedWithTheCookie()
    {
        await using var services = Services();
        var target = $"users/{User}/generated/redirected/image.jpg";
        _sim.Assets.Redirect(ImagePath, "/" + target);

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.NotNull(url);
        Assert.Equal(AssetStore.DefaultContent(target), await File.ReadAllBytesAsync(Path.Combine(services.ImageDirectory, ImageName), Ct));
        Assert.Equal(1, Downloads(target));
    }

    [Fact]
    public async Task CacheAsync_RedirectToAnotherHost_IsNotFollowedSoTheCookieStaysHome()
    {
        await using var services = Services();
        await using var foreign = await StubServer.StartAsync(c => StubServer.Respond(c, 200, "stolen", "image/jpeg"), Ct);
        _sim.Assets.Redirect(ImagePath, foreign.BaseUri + "image.jpg");

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(url);
        Assert.Equal(0, foreign.Count);
    }

    [Fact]
    public async Task CacheAsync_UnsafeAssetPath_ReturnsNullWithoutDownloading()
    {
        await using var services = Services();

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, "users/u/../../../etc/passwd", MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.Null(url);
        Assert.Empty(_sim.Requests);
    }

    [Fact]
    public async Task CacheAsync_OverTheLimit_DeletesOldestFilesDownTo80Percent()
    {
        await using var services = Services(c => c with { Cache = new CacheSection { EnableAutoClean = true, LimitMb = 1 } });
        Directory.CreateDirectory(services.ImageDirectory);
        Directory.CreateDirectory(services.VideoDirectory);
        var start = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-5);
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var file = Path.Combine(i % 2 == 0 ? services.ImageDirectory : services.VideoDirectory, $"old-{i}.jpg");
            await File.WriteAllBytesAsync(file, new byte[200 * 1024], Ct);
            File.SetLastWriteTimeUtc(file, start.AddMinutes(i));
            File.SetLastAccessTimeUtc(file, start.AddMinutes(i));
            old.Add(file);
        }

        _sim.Assets.Set(ImagePath, new byte[150 * 1024], "image/jpeg");

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1000 KiB + 150 KiB > 1 MiB: the oldest go until at most 819.2 KiB remain.
        Assert.NotNull(url);
        Assert.False(File.Exists(old[0]));
        Assert.False(File.Exists(old[1]));
        Assert.True(File.Exists(old[2]) && File.Exists(old[3]) && File.Exists(old[4]));
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, ImageName)));
        Assert.Contains(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.Trimmed);
        var total = Directory.GetFiles(services.ImageDirectory).Concat(Directory.GetFiles(services.VideoDirectory)).Sum(f => new FileInfo(f).Length);
        Assert.True(total <= 0.8 * 1024 * 1024, $"total {total}");
    }

    [Fact]
    public async Task CacheAsync_OverTheLimit_SparesFilesWrittenMomentsAgo()
    {
        await using var services = Services(c => c with { Cache = new CacheSection { EnableAutoClean = true, LimitMb = 1 } });
        Directory.CreateDirectory(services.ImageDirectory);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var old = await WriteCachedAsync(services.ImageDirectory, "old.jpg", 200, now.AddHours(-5));
        // Just stored by other downloads whose links are on their way to clients.
        var freshA = await WriteCachedAsync(services.ImageDirectory, "fresh-a.jpg", 400, now.AddSeconds(-90));
        var freshB = await WriteCachedAsync(services.ImageDirectory, "fresh-b.jpg", 300, now.AddSeconds(-30));
        _sim.Assets.Set(ImagePath, new byte[150 * 1024], "image/jpeg");

        await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1050 KiB > 1 MiB: the old file goes; the fresh ones stay although the total is still above 80 %.
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(freshA));
        Assert.True(File.Exists(freshB));
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, ImageName)));
    }

    [Fact]
    public async Task CacheAsync_AFileLinkedAgain_IsTrimmedAfterFilesLinkedLongerAgo()
    {
        await using var services = Services(c => c with { Cache = new CacheSection { EnableAutoClean = true, LimitMb = 1 } });
        Directory.CreateDirectory(services.ImageDirectory);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var reused = await WriteCachedAsync(services.ImageDirectory, ImageName, 500, now.AddHours(-5));
        var other = await WriteCachedAsync(services.ImageDirectory, "other.jpg", 400, now.AddHours(-4));

        // A cache hit: linked without a download, and now the most recently used file.
        var hit = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);
        Assert.NotNull(hit);
        Assert.Equal(0, Downloads(ImagePath));
        Assert.True(File.GetLastAccessTimeUtc(reused) > now.AddMinutes(-1));
        // Its Last-Modified and ETag (from the write time) stay, so clients' conditional requests still match.
        Assert.Equal(now.AddHours(-5), File.GetLastWriteTimeUtc(reused));

        var secondPath = ImagePath.Replace("000000000001", "000000000002", StringComparison.Ordinal);
        _sim.Assets.Set(secondPath, new byte[200 * 1024], "image/jpeg");
        await services.Cache.CacheAsync(MediaKind.Image, Token, secondPath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1100 KiB > 1 MiB: the least recently linked file goes, not the one just linked again.
        Assert.True(File.Exists(reused));
        Assert.False(File.Exists(other));
    }

    private static async Task<string> WriteCachedAsync(string directory, string name, int kib, DateTime lastWriteUtc)
    {
        var file = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(file, new byte[kib * 1024], Ct);
        File.SetLastWriteTimeUtc(file, lastWriteUtc);
        File.SetLastAccessTimeUtc(file, lastWriteUtc);
        return file;
    }

    [Fact]
    public async Task CacheAsync_AutoCleanOff_KeepsEverything()
    {
        await using var services = Services(c => c with { Cache = new CacheSection { EnableAutoClean = false, LimitMb = 1 } });
        Directory.CreateDirectory(services.ImageDirectory);
        var big = Path.Combine(services.ImageDirectory, "old.jpg");
        await File.WriteAllBytesAsync(big, new byte[2 * 1024 * 1024], Ct);
        File.SetLastWriteTimeUtc(big, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));

        await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.True(File.Exists(big));
    }

    [Fact]
    public async Task CacheAsync_TheNewFileAloneOverTheLimit_IsKept()
    {
        await using var services = Services(c => c with { Cache = new CacheSection { EnableAutoClean = true, LimitMb = 1 } });
        _sim.Assets.Set(ImagePath, new byte[1200 * 1024], "image/jpeg");

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, ImagePath, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.NotNull(url);
        Assert.NotNull(services.Cache.Find(MediaKind.Image, ImageName));
    }

    [Theory]
    [InlineData("../config.toml")]
    [InlineData("..")]
    [InlineData("a/b.jpg")]
    [InlineData("a\\b.jpg")]
    [InlineData(".dl-partial.tmp")]
    [InlineData("")]
    [InlineData("name\u0000.jpg")]
    public async Task Find_UnsafeName_ReturnsNull(string name)
    {
        await using var services = Services();
        Directory.CreateDirectory(services.ImageDirectory);
        await File.WriteAllTextAsync(Path.Combine(services.ImageDirectory, ".dl-partial.tmp"), "x", Ct);
        await File.WriteAllTextAsync(Path.Combine(services.DataDirectory, "tmp", "config.toml"), "x", Ct);

        Assert.Null(services.Cache.Find(MediaKind.Image, name));
    }
}
