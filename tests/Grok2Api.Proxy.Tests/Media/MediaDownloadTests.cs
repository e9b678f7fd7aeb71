using Grok2Api.Configuration;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Proxy.Tests.Media;

/// <summary>
/// How the media cache reaches the assets host, seen from the simulator: with the account's cookie,
/// through <c>proxy.asset_proxy_url</c>, at most <c>asset.download_concurrent</c> downloads at a time,
/// and one download per asset however many callers ask for it at once.
/// </summary>
public sealed class MediaDownloadTests : IAsyncLifetime
{
    private const string Token = MediaTestServices.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string User = SimulatedUsers.IdOf(Token);

    private GrokSimulator _sim = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sim = await GrokSimulator.StartAsync(cancellationToken: Ct).WaitAsync(Bound, Ct);

    public async ValueTask DisposeAsync() => await _sim.DisposeAsync();

    private static string AssetPath(int i, string file = "image.jpg") => $"users/{User}/generated/d{i:D4}/{file}";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task CacheAsync_ManyAssetsAtOnce_NeverMoreDownloadsThanDownloadConcurrent(int limit)
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(
            _sim.BaseUri, c => c with { Asset = c.Asset with { DownloadConcurrent = limit, DownloadTimeout = 60 } }));
        // Each download takes a while, so downloads that were allowed to run together do overlap.
        _sim.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(150)));
        _sim.Assets.ResetPeak();

        var calls = Enumerable.Range(0, 10)
            .Select(i => services.Cache.CacheAsync(i % 2 == 0 ? MediaKind.Image : MediaKind.Video, Token,
                i % 2 == 0 ? AssetPath(i) : AssetPath(i, "generated_video.mp4"), MediaTestServices.Request(), Ct))
            .ToArray();
        var urls = await Task.WhenAll(calls).WaitAsync(Bound, Ct);

        Assert.All(urls, Assert.NotNull);
        Assert.Equal(10, _sim.RequestCount(Token));
        Assert.Equal(limit, _sim.Assets.PeakInFlight);
    }

    [Fact]
    public async Task CacheAsync_LimitRaisedLive_MoreDownloadsRunTogether()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(
            _sim.BaseUri, c => c with { Asset = c.Asset with { DownloadConcurrent = 1, DownloadTimeout = 60 } }));
        _sim.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(150)));
        services.Config.Update(c => c with { Asset = c.Asset with { DownloadConcurrent = 4 } });
        _sim.Assets.ResetPeak();

        var calls = Enumerable.Range(0, 8)
            .Select(i => services.Cache.CacheAsync(MediaKind.Image, Token, AssetPath(100 + i), MediaTestServices.Request(), Ct))
            .ToArray();
        await Task.WhenAll(calls).WaitAsync(Bound, Ct);

        Assert.Equal(4, _sim.Assets.PeakInFlight);
    }

    [Fact]
    public async Task CacheAsync_SameVideoAskedByManyCallers_IsDownloadedOnceAndAllGetTheLink()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri));
        var path = AssetPath(7, "generated_video.mp4");
        _sim.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromMilliseconds(300)).OnlyFor("/" + path));

        var calls = Enumerable.Range(0, 12)
            .Select(_ => services.Cache.CacheAsync(MediaKind.Video, Token, path, MediaTestServices.Request(), Ct))
            .ToArray();
        var urls = await Task.WhenAll(calls).WaitAsync(Bound, Ct);

        Assert.Single(urls.Distinct());
        Assert.EndsWith($"/v1/files/video/users-{User}-generated-d0007-generated_video.mp4", urls[0], StringComparison.Ordinal);
        Assert.Equal(1, _sim.RequestCount(Token, "/" + path));
        Assert.Equal(AssetStore.DefaultContent(path), await File.ReadAllBytesAsync(Path.Combine(services.VideoDirectory, $"users-{User}-generated-d0007-generated_video.mp4"), Ct));
    }

    [Fact]
    public async Task CacheAsync_OneWaiterGivesUp_TheSharedDownloadStillCompletesForTheOthers()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri));
        var path = AssetPath(8);
        _sim.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromMilliseconds(400)).OnlyFor("/" + path));
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = services.Cache.CacheAsync(MediaKind.Image, Token, path, MediaTestServices.Request(), impatient.Token);
        var second = services.Cache.CacheAsync(MediaKind.Image, Token, path, MediaTestServices.Request(), Ct);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Bound, Ct));
        Assert.NotNull(await second.WaitAsync(Bound, Ct));
        Assert.Equal(1, _sim.RequestCount(Token, "/" + path));
    }

    [Fact]
    public async Task CacheAsync_AssetProxyConfigured_DownloadGoesThroughItWithTheAccountCookie()
    {
        await using var baseProxy = await TestForwardProxy.StartAsync(null, Ct);
        await using var assetProxy = await TestForwardProxy.StartAsync(null, Ct);
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(
            _sim.BaseUri, c => c with { Proxy = c.Proxy with { BaseProxyUrl = baseProxy.Url(), AssetProxyUrl = assetProxy.Url() } }));
        var path = AssetPath(9, "generated_video.mp4");

        var url = await services.Cache.CacheAsync(MediaKind.Video, Token, path, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.NotNull(url);
        Assert.Equal(new Uri(_sim.BaseUri, "/" + path).AbsoluteUri, Assert.Single(assetProxy.Relayed));
        Assert.Empty(baseProxy.Relayed);
        // The simulator answers assets only with a cookie, and counts the request for the account it names.
        Assert.Equal(1, _sim.RequestCount(Token, "/" + path));
    }

    [Fact]
    public async Task CacheAsync_OnlyBaseProxyConfigured_DownloadFallsBackToIt()
    {
        await using var baseProxy = await TestForwardProxy.StartAsync(null, Ct);
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(
            _sim.BaseUri, c => c with { Proxy = c.Proxy with { BaseProxyUrl = baseProxy.Url() } }));
        var path = AssetPath(10);

        var url = await services.Cache.CacheAsync(MediaKind.Image, Token, path, MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.NotNull(url);
        Assert.Equal(new Uri(_sim.BaseUri, "/" + path).AbsoluteUri, Assert.Single(baseProxy.Relayed));
    }
}
