using Grok2Api.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Diagnostics;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;
using Grok2Api.TokenPool.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.TokenPool.Tests;

/// <summary>The pool wired through <c>AddGrokTokenPool</c> over hand-written fakes and a fake clock.</summary>
internal sealed class PoolHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private PoolHarness()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ITokenStore>(Store);
        services.AddSingleton<ITokenWriteBehind>(WriteBehind);
        services.AddSingleton<ITokenQuotaClient>(QuotaClient);
        services.AddSingleton<IRandomFactory>(Random);
        services.AddSingleton<IOptionsMonitor<TokenSection>>(Token);
        services.AddSingleton<IOptionsMonitor<UsageSection>>(Usage);
        services.AddGrokTokenPool();
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public FakeTokenStore Store { get; } = new();

    public FakeTokenWriteBehind WriteBehind { get; } = new();

    public FakeQuotaClient QuotaClient { get; } = new();

    public ScriptedRandomFactory Random { get; } = new();

    /// <summary>The <c>[token]</c> section the pool reads; setting it is a live config edit.</summary>
    public TestOptionsMonitor<TokenSection> Token { get; } = new(new TokenSection());

    /// <summary>The <c>[usage]</c> section the re-sync reads; setting it is a live config edit.</summary>
    public TestOptionsMonitor<UsageSection> Usage { get; } = new(new UsageSection());

    public IServiceProvider Services => _services;

    public TokenPoolState State => _services.GetRequiredService<TokenPoolState>();

    public ITokenSelector Selector => _services.GetRequiredService<ITokenSelector>();

    public ITokenRegistry Registry => _services.GetRequiredService<ITokenRegistry>();

    public TokenRefresher Refresher => _services.GetRequiredService<TokenRefresher>();

    public static long StartMs => Start.ToUnixTimeMilliseconds();

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static async Task<PoolHarness> CreateAsync(params PooledToken[] tokens)
    {
        var built = new PoolHarness();
        built.Store.Records.AddRange(tokens);
        await built.Services.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
        return built;
    }

    public TokenEntry Entry(string token)
    {
        using (State.Gate.EnterScope())
        {
            return State.FindByToken(token) ?? throw new InvalidOperationException("No such token.");
        }
    }

    /// <summary>What the registry's readers see of <paramref name="token"/>: a snapshot of its record.</summary>
    public StoredToken View(string token) => Registry.Find(TokenIdentity.IdOf(token))!.Value.Token;

    /// <summary>The pool the registry's readers see <paramref name="token"/> in.</summary>
    public string PoolOf(string token) => Registry.Find(TokenIdentity.IdOf(token))!.Value.Pool;

    public TokenLease Lease(PoolTier tier = PoolTier.Basic, int cost = 1, string? tag = null, TokenPoolPreference preference = TokenPoolPreference.Default, string? preferredTag = null)
    {
        var tried = default(TokenExclusions);
        Assert.True(Selector.TryLease(new TokenRequest(tier, cost, tag, preference, preferredTag), ref tried, out var lease), "Expected a token to be leased.");
        return lease;
    }

    public string? TryLeaseToken(PoolTier tier = PoolTier.Basic, int cost = 1, string? tag = null, TokenPoolPreference preference = TokenPoolPreference.Default, string? preferredTag = null)
    {
        var tried = default(TokenExclusions);
        return Selector.TryLease(new TokenRequest(tier, cost, tag, preference, preferredTag), ref tried, out var lease) ? lease.Token : null;
    }

    public int Reserved(string token)
    {
        using (State.Gate.EnterScope())
        {
            return Entry(token).Reserved;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public static PooledToken Basic(string token, int quota = 80, TokenStatus status = TokenStatus.Active, long? createdAt = null, params string[] tags) =>
        Record(TokenPools.Basic, token, quota, status, createdAt, tags);

    public static PooledToken Super(string token, int quota = 140, TokenStatus status = TokenStatus.Active, long? createdAt = null, params string[] tags) =>
        Record(TokenPools.Super, token, quota, status, createdAt, tags);

    public static PooledToken Record(string pool, string token, int quota = 80, TokenStatus status = TokenStatus.Active, long? createdAt = null, params string[] tags) =>
        new(pool, new StoredToken { Token = token, Quota = quota, Status = status, CreatedAt = createdAt ?? StartMs, Tags = tags });
}
