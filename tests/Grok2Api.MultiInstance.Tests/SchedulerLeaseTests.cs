using System.Diagnostics;
using System.Text.RegularExpressions;
using Grok2Api.MultiInstance.Tests.Infrastructure;

namespace Grok2Api.MultiInstance.Tests;

/// <summary>
/// The quota re-sync scheduler runs on one instance (lease <c>token_refresh</c>). When that instance
/// is killed (SIGKILL: it cannot release the lease), another takes the lease over within the lease
/// time plus one renew period.
/// </summary>
public sealed partial class SchedulerLeaseTests(StoreServers servers)
{
    private const int LeaseSeconds = 6;
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(LeaseSeconds / 3.0);

    // Logged (Information) by the scheduler when this instance takes the lease.
    [GeneratedRegex("now runs the quota re-sync scheduler")]
    private static partial Regex LeaseTaken();

    [Theory(Timeout = 90_000)]
    [InlineData(StoreKinds.Redis)]
    [InlineData(StoreKinds.PostgreSql)]
    [InlineData(StoreKinds.MySql)]
    public async Task Another_instance_takes_the_scheduler_lease_when_the_holder_is_killed(string kind)
    {
        await using var cluster = await Cluster.StartAsync(servers, kind, TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string> { ["Storage__LeaseSeconds"] = $"{LeaseSeconds}", ["LOG_LEVEL"] = "INFO" };
        var a = await cluster.StartInstanceAsync("a", cluster.NewDataDirectory(), settings);
        var b = await cluster.StartInstanceAsync("b", cluster.NewDataDirectory(), settings);

        // One of them takes the lease: a takes it at start; b tries every renew period and must not get it.
        var aTook = a.WhenLineAsync(LeaseTaken());
        var bTook = b.WhenLineAsync(LeaseTaken());
        var first = await Task.WhenAny(aTook, bTook).WaitAsync(TimeSpan.FromSeconds(LeaseSeconds * 2), TestContext.Current.CancellationToken);
        var (holder, other, otherTook) = first == aTook ? (a, b, bTook) : (b, a, aTook);
        await Task.Delay(RenewEvery * 2, TestContext.Current.CancellationToken);
        Assert.False(otherTook.IsCompleted, $"both instances took the lease\n{cluster.Tails()}");

        var clock = Stopwatch.StartNew();
        await holder.KillAsync();
        var limit = TimeSpan.FromSeconds(LeaseSeconds) + RenewEvery;
        try
        {
            // The log line is written asynchronously: one extra second for it to arrive.
            await otherTook.WaitAsync(limit + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{other.Name} did not take the lease within {limit.TotalSeconds:0} s of {holder.Name}'s SIGKILL\n{cluster.Tails(40)}");
        }

        var takeover = clock.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"{kind}: lease taken over {takeover.TotalSeconds:0.0} s after the holder was killed (limit {limit.TotalSeconds:0} s)");
        Assert.True(takeover <= limit + TimeSpan.FromSeconds(1), $"took over after {takeover.TotalSeconds:0.0} s");
    }
}
