using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Sync;
using Grok2Api.TokenPool.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Tests.Sync;

/// <summary>
/// One instance's pool over a <see cref="SharedMemoryTokenStore"/>, wired as the host wires it: the
/// real write-behind (Storage's <c>AddTokenWriteBehind</c>) and the real
/// <see cref="TokenStoreSync"/>, on the system clock.
/// </summary>
internal sealed class SharedPoolHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private SharedPoolHarness(SharedMemoryTokenStore shared, int origin, int saveDelayMs)
    {
        var view = shared.Attach(origin);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ITokenStore>(view);
        services.AddSingleton<ITokenChangeFeed>(view);
        services.AddSingleton<ITokenQuotaClient>(QuotaClient);
        services.AddSingleton<IOptionsMonitor<TokenSection>>(new TestOptionsMonitor<TokenSection>(new TokenSection { SaveDelayMs = saveDelayMs, ReloadIntervalSec = 0, AutoRefresh = false }));
        services.AddSingleton<IOptionsMonitor<UsageSection>>(new TestOptionsMonitor<UsageSection>(new UsageSection()));
        services.AddTokenWriteBehind();
        services.AddGrokTokenPool();
        _services = services.BuildServiceProvider();
    }

    public FakeQuotaClient QuotaClient { get; } = new();

    public ITokenSelector Selector => _services.GetRequiredService<ITokenSelector>();

    public ITokenRegistry Registry => _services.GetRequiredService<ITokenRegistry>();

    public ITokenWriteBehind WriteBehind => _services.GetRequiredService<ITokenWriteBehind>();

    public TokenStoreSync Sync => _services.GetServices<IHostedService>().OfType<TokenStoreSync>().Single();

    /// <param name="shared">The store.</param>
    /// <param name="origin">The instance number.</param>
    /// <param name="saveDelayMs">token.save_delay_ms: 0 writes at once; a long delay writes only on a flush.</param>
    public static async Task<SharedPoolHarness> StartAsync(SharedMemoryTokenStore shared, int origin, int saveDelayMs = 0)
    {
        var harness = new SharedPoolHarness(shared, origin, saveDelayMs);
        var ct = TestContext.Current.CancellationToken;
        await harness._services.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(ct);
        foreach (var hosted in harness._services.GetServices<IHostedService>().Where(h => h is not TokenRefreshScheduler))
        {
            await hosted.StartAsync(ct);
            harness._started.Add(hosted);
        }

        return harness;
    }

    public StoredToken? View(string token) => Registry.Find(TokenIdentity.IdOf(token))?.Token;

    /// <summary>Leases any basic token and completes it with <paramref name="outcome"/>; returns the token, or null when none was eligible.</summary>
    public string? Serve(LeaseOutcome outcome = LeaseOutcome.Success, int cost = 1)
    {
        var tried = default(TokenExclusions);
        if (!Selector.TryLease(new TokenRequest(PoolTier.Basic, cost), ref tried, out var lease))
        {
            return null;
        }

        Selector.Complete(lease, outcome, null);
        return lease.Token;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            await hosted.StopAsync(stop.Token);
        }

        await _services.DisposeAsync();
    }
}
