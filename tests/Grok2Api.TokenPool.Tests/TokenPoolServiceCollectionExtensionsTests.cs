using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grok2Api.TokenPool.Tests;

public sealed class TokenPoolServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGrokTokenPool_Services_ShareOnePoolAndKeepOverrides()
    {
        await using var pool = await PoolHarness.CreateAsync();
        var services = pool.Services;

        Assert.Same(services.GetRequiredService<TokenPoolState>(), services.GetRequiredService<ITokenSnapshotSource>());
        Assert.Same(services.GetRequiredService<TokenRefresher>(), services.GetRequiredService<ITokenRefresher>());
        Assert.IsType<TokenSelector>(services.GetRequiredService<ITokenSelector>());
        Assert.IsType<TokenRegistry>(services.GetRequiredService<ITokenRegistry>());
        Assert.Same(pool.Time, services.GetRequiredService<TimeProvider>());
        Assert.Single(services.GetServices<IHostedService>().OfType<TokenRefreshScheduler>());
    }

    [Fact]
    public void AddGrokTokenPool_CalledTwice_RegistersSchedulerAndStoreSyncOnce()
    {
        var services = new ServiceCollection();

        services.AddGrokTokenPool();
        services.AddGrokTokenPool();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TokenRefreshScheduler));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(Grok2Api.TokenPool.Sync.TokenStoreSync));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService)));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }
}
