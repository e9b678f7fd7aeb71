using BenchmarkDotNet.Attributes;
using Grok2Api.TokenPool.Selection;

namespace Grok2Api.Benchmarks.TokenPool;

/// <summary>
/// Lease + complete on the token pool, at 1,000 and 100,000 tokens. Each operation is one
/// <see cref="ITokenSelector.TryLease"/> and one <see cref="ITokenSelector.Complete"/>; both must
/// allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class TokenPoolBenchmarks : IDisposable
{
    private static readonly TokenRequest BasicRequest = new(PoolTier.Basic, 1);

    private BenchmarkPool? _pool;
    private TokenExclusions _excluded;

    /// <summary>Tokens in the pool.</summary>
    [Params(1_000, 100_000)]
    public int Tokens { get; set; }

    /// <summary>Quotas spread over 1..140, as in a pool that has been serving for a while.</summary>
    [GlobalSetup(Target = nameof(LeaseThenRelease))]
    public void SetupSpread() => _pool = new BenchmarkPool(BenchmarkPool.Tokens(Tokens, i => 1 + (int)((uint)(i * 2654435761) % 140)));

    /// <summary>Quotas too large to run out during the run, so every completion charges quota.</summary>
    [GlobalSetup(Target = nameof(LeaseThenSucceed))]
    public void SetupLarge() => _pool = new BenchmarkPool(BenchmarkPool.Tokens(Tokens, _ => 1_000_000_000));

    /// <summary>
    /// A quarter of the tokens hold a lease in flight (cost 1 to 4) and the request has already
    /// tried the three tokens with the most quota, which sit alone in the top bucket: every lease
    /// skips that bucket and takes the next.
    /// </summary>
    [GlobalSetup(Target = nameof(LeaseThenReleaseWithReservedAndExcluded))]
    public void SetupReservedAndExcluded()
    {
        _pool = new BenchmarkPool(BenchmarkPool.Tokens(Tokens, i => i is 1 or 2 or 3 ? 200 : 1 + (int)((uint)(i * 2654435761) % 140)));
        for (var i = 0; i < 3; i++)
        {
            _pool.Selector.TryLease(BasicRequest, ref _excluded, out var top);
            _pool.Selector.Complete(top, LeaseOutcome.TransientFailure, null);
        }

        for (var i = 0; i < Tokens / 4; i++)
        {
            // Keep the three top tokens out, so they stay alone in the top bucket.
            var tried = _excluded;
            _pool.Selector.TryLease(new TokenRequest(PoolTier.Basic, 1 + (i % 4)), ref tried, out _);
        }
    }

    /// <summary>Lease, then complete without charging (a transient upstream failure).</summary>
    [Benchmark]
    public bool LeaseThenRelease()
    {
        var tried = default(TokenExclusions);
        _pool!.Selector.TryLease(BasicRequest, ref tried, out var lease);
        return _pool.Selector.Complete(lease, LeaseOutcome.TransientFailure, null);
    }

    /// <summary>Lease, then complete with success (quota charged, record marked dirty).</summary>
    [Benchmark]
    public bool LeaseThenSucceed()
    {
        var tried = default(TokenExclusions);
        _pool!.Selector.TryLease(BasicRequest, ref tried, out var lease);
        return _pool.Selector.Complete(lease, LeaseOutcome.Success, null);
    }

    /// <summary>Lease with exclusions over a partly reserved pool, then release.</summary>
    [Benchmark]
    public bool LeaseThenReleaseWithReservedAndExcluded()
    {
        var tried = _excluded;
        _pool!.Selector.TryLease(BasicRequest, ref tried, out var lease);
        return _pool.Selector.Complete(lease, LeaseOutcome.TransientFailure, null);
    }

    /// <summary>Disposes the pool's meter.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _pool?.Dispose();
        _pool = null;
        GC.SuppressFinalize(this);
    }
}
