using System.Collections.Concurrent;
using Grok2Api.TokenPool.Refresh;

namespace Grok2Api.TokenPool.Tests.Fakes;

/// <summary>Answers from <see cref="Handler"/> (default: 50 remaining) and records calls and peak concurrency.</summary>
internal sealed class FakeQuotaClient : ITokenQuotaClient
{
    private int _running;
    private int _peak;

    public Func<string, CancellationToken, Task<QuotaSyncResult>> Handler { get; set; } =
        (_, _) => Task.FromResult(new QuotaSyncResult(QuotaSyncStatus.Ok, 50, null));

    public ConcurrentQueue<string> Calls { get; } = new();

    public int Peak => Volatile.Read(ref _peak);

    public async Task<QuotaSyncResult> FetchAsync(string token, CancellationToken cancellationToken)
    {
        Calls.Enqueue(token);
        var running = Interlocked.Increment(ref _running);
        int peak;
        while (running > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, peak) != peak)
        {
        }

        try
        {
            return await Handler(token, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public static Func<string, CancellationToken, Task<QuotaSyncResult>> Answer(QuotaSyncStatus status, int? remaining = null) =>
        (_, _) => Task.FromResult(new QuotaSyncResult(status, remaining, status.ToString()));
}
