using System.Diagnostics;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>Bounded polling for effects that become visible asynchronously (file watchers, scrape caches).</summary>
public static class Eventually
{
    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> accepts its result or
    /// <paramref name="timeout"/> passes; returns the last result either way, so the caller asserts on it.
    /// </summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (done(value) || clock.Elapsed > timeout)
            {
                return value;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
