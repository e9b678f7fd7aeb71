using System.Diagnostics.Metrics;
using Grok2Api.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Diagnostics;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grok2Api.Benchmarks.TokenPool;

/// <summary>A token pool with no persistence and no listeners, as the benchmarks measure it.</summary>
internal sealed class BenchmarkPool : IDisposable
{
    private readonly Meter _meter;

    public BenchmarkPool(IEnumerable<PooledToken> tokens)
    {
        State = new TokenPoolState(new NullTokenWriteBehind(), TimeProvider.System, new RandomFactory());
        State.Load(tokens.ToList());
        var meterFactory = new SingleMeterFactory();
        _meter = meterFactory.Meter;
        Selector = new TokenSelector(
            State,
            new FixedOptionsMonitor(),
            new TokenPoolMetrics(meterFactory, State),
            new TokenRefreshNudge(TimeProvider.System),
            NullLogger<TokenSelector>.Instance);
    }

    public TokenPoolState State { get; }

    public ITokenSelector Selector { get; }

    /// <summary><paramref name="count"/> tokens, a quarter of them ssoSuper, with quotas from <paramref name="quota"/>.</summary>
    public static IEnumerable<PooledToken> Tokens(int count, Func<int, int> quota) =>
        Enumerable.Range(0, count).Select(i => new PooledToken(
            i % 4 == 0 ? TokenPools.Super : TokenPools.Basic,
            new StoredToken { Token = $"benchmark-token-{i:D8}", Quota = quota(i) }));

    public void Dispose() => _meter.Dispose();

    private sealed class NullTokenWriteBehind : ITokenWriteBehind
    {
        public void Attach(ITokenSnapshotSource source)
        {
        }

        public void MarkDirty(string token)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class FixedOptionsMonitor : IOptionsMonitor<TokenSection>
    {
        public TokenSection CurrentValue { get; } = new();

        public TokenSection Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<TokenSection, string?> listener) => null;
    }

    private sealed class SingleMeterFactory : IMeterFactory
    {
        public Meter Meter { get; } = new(TokenPoolTelemetry.MeterName);

        public Meter Create(MeterOptions options) => Meter;

        public void Dispose() => Meter.Dispose();
    }
}
