using BenchmarkDotNet.Attributes;
using Grok2Api.TokenPool.Selection;

namespace Grok2Api.Benchmarks.TokenPool;

/// <summary>
/// Lease + complete on the token pool from two threads at once, at 1,000 and 100,000 tokens. Each
/// invocation runs <see cref="PerThread"/> lease + complete pairs on the benchmark thread and as
/// many on a second thread (started once, woken per invocation), and waits for both;
/// <c>OperationsPerInvoke</c> makes the Mean the wall time per pair with both threads contending for
/// the pool's lock. Allocations of both threads count (the diagnoser reads the process total), and
/// must be zero.
/// </summary>
[MemoryDiagnoser]
public class TokenPoolContentionBenchmarks : IDisposable
{
    /// <summary>Lease + complete pairs per thread per invocation.</summary>
    public const int PerThread = 4096;

    private static readonly TokenRequest BasicRequest = new(PoolTier.Basic, 1);

    private readonly SemaphoreSlim _go = new(0, 1);
    private readonly SemaphoreSlim _done = new(0, 1);
    private BenchmarkPool? _pool;
    private Thread? _worker;
    private volatile bool _stopping;
    private LeaseOutcome _outcome;

    /// <summary>Tokens in the pool.</summary>
    [Params(1_000, 100_000)]
    public int Tokens { get; set; }

    /// <summary>Quotas spread over 1..140; completions release without charging.</summary>
    [GlobalSetup(Target = nameof(LeaseThenReleaseOnTwoThreads))]
    public void SetupSpread() => Start(BenchmarkPool.Tokens(Tokens, i => 1 + (int)((uint)(i * 2654435761) % 140)), LeaseOutcome.TransientFailure);

    /// <summary>Quotas too large to run out; every completion charges quota and marks the record dirty.</summary>
    [GlobalSetup(Target = nameof(LeaseThenSucceedOnTwoThreads))]
    public void SetupLarge() => Start(BenchmarkPool.Tokens(Tokens, _ => 1_000_000_000), LeaseOutcome.Success);

    /// <summary>Two threads lease and release (a transient failure: no charge).</summary>
    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void LeaseThenReleaseOnTwoThreads() => RunBoth();

    /// <summary>Two threads lease and complete with success.</summary>
    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void LeaseThenSucceedOnTwoThreads() => RunBoth();

    /// <summary>Stops the second thread and disposes the pool.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        if (_worker is not null)
        {
            _stopping = true;
            _go.Release();
            _worker.Join();
            _worker = null;
        }

        _pool?.Dispose();
        _pool = null;
        _go.Dispose();
        _done.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Start(IEnumerable<Storage.Tokens.PooledToken> tokens, LeaseOutcome outcome)
    {
        _pool = new BenchmarkPool(tokens);
        _outcome = outcome;
        _worker = new Thread(Work) { IsBackground = true, Name = "second leasing thread" };
        _worker.Start();
    }

    private void RunBoth()
    {
        _go.Release();
        Loop();
        _done.Wait();
    }

    private void Work()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping)
            {
                return;
            }

            Loop();
            _done.Release();
        }
    }

    private void Loop()
    {
        var selector = _pool!.Selector;
        var outcome = _outcome;
        for (var i = 0; i < PerThread; i++)
        {
            var tried = default(TokenExclusions);
            selector.TryLease(BasicRequest, ref tried, out var lease);
            selector.Complete(lease, outcome, null);
        }
    }
}
