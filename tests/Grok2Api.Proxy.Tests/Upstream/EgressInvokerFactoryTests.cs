using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Grok2Api.Transforms.Grok;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class EgressInvokerFactoryTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static (EgressInvokerFactory Factory, TestOptionsMonitor<ProxySection> Config, FakeTimeProvider Time) Create(string baseProxy = "", string assetProxy = "")
    {
        var config = new TestOptionsMonitor<ProxySection>(new ProxySection { BaseProxyUrl = baseProxy, AssetProxyUrl = assetProxy });
        var time = new FakeTimeProvider();
        return (new EgressInvokerFactory(config, time, NullLogger<EgressInvokerFactory>.Instance) { RetireGracePeriod = Grace }, config, time);
    }

    private static EgressLease Lease(EgressInvokerFactory factory, GrokEgress egress = GrokEgress.Base) =>
        factory.Acquire(egress, followRedirects: false, out _)!;

    private static void SetBaseProxy(TestOptionsMonitor<ProxySection> config, string url) =>
        config.Update(c => c with { BaseProxyUrl = url });

    [Fact]
    public void Acquire_SameProxyTwice_OneHandler()
    {
        var (factory, _, _) = Create("http://127.0.0.1:3128");
        using var first = Lease(factory);
        using var second = Lease(factory);

        Assert.Same(first.Invoker, second.Invoker);
        Assert.Equal(1, factory.ActiveHandlerCount);
    }

    [Fact]
    public void Acquire_NoAssetProxy_AssetCallsShareBaseHandler()
    {
        var (factory, _, _) = Create("http://127.0.0.1:3128");

        using var base1 = Lease(factory, GrokEgress.Base);
        using var asset = Lease(factory, GrokEgress.Asset);

        Assert.Same(base1.Invoker, asset.Invoker);
    }

    [Fact]
    public void Acquire_AssetProxyConfigured_SeparateHandler()
    {
        var (factory, _, _) = Create("http://127.0.0.1:3128", "socks5://127.0.0.1:1080");

        using var base1 = Lease(factory, GrokEgress.Base);
        using var asset = Lease(factory, GrokEgress.Asset);

        Assert.NotSame(base1.Invoker, asset.Invoker);
        Assert.Contains("socks5://127.0.0.1:1080", asset.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_InvalidProxyUrl_NoInvokerSoNothingGoesOutDirectly()
    {
        var (factory, _, _) = Create("gopher://u:secret@127.0.0.1:70");

        var lease = factory.Acquire(GrokEgress.Base, false, out var error);

        Assert.Null(lease);
        Assert.Contains("unsupported scheme", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProxyChanged_IdleOldHandler_DisposedOnlyAfterGracePeriod()
    {
        var (factory, config, time) = Create("http://127.0.0.1:3001");
        var old = Lease(factory);
        var oldInvoker = old.Invoker;
        old.Dispose();

        SetBaseProxy(config, "http://127.0.0.1:3002");
        using var fresh = Lease(factory);

        Assert.NotSame(oldInvoker, fresh.Invoker);
        Assert.Equal(1, factory.ActiveHandlerCount);
        Assert.Equal(1, factory.RetiredHandlerCount);
        time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.Equal(1, factory.RetiredHandlerCount);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, factory.RetiredHandlerCount);
    }

    [Fact]
    public void ProxyChanged_RequestInFlight_OldHandlerKeptUntilLeaseReleased()
    {
        var (factory, config, time) = Create("http://127.0.0.1:3001");
        var inFlight = Lease(factory);

        SetBaseProxy(config, "");
        using var fresh = Lease(factory);
        time.Advance(Grace + TimeSpan.FromMinutes(10));

        Assert.Equal(1, factory.RetiredHandlerCount);
        inFlight.Dispose();
        Assert.Equal(0, factory.RetiredHandlerCount);
        Assert.Equal("direct", fresh.Description);
    }

    [Fact]
    public void ProxyChangedBack_HandlerForCurrentUrlsKept()
    {
        var (factory, config, _) = Create("http://127.0.0.1:3001", "http://127.0.0.1:3002");
        using var asset = Lease(factory, GrokEgress.Asset);

        SetBaseProxy(config, "http://127.0.0.1:3003");
        using var assetAgain = Lease(factory, GrokEgress.Asset);

        Assert.Same(asset.Invoker, assetAgain.Invoker);
    }
}
