using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tasks;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>
/// Two gateways on one shared store, as two instances behind a load balancer: a task created on A is listed,
/// read and followed on B, cancelled from B, and a task whose instance died is failed by the other.
/// </summary>
public sealed class TasksAcrossInstancesTests
{
    private const string OneAtATime = "[usage]\nconcurrent = 1\nbatch_size = 1\n";

    [Fact]
    public async Task ATaskCreatedOnA_IsListedAndFollowedOnB_ToExactlyOneFinalEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct);
        string[] tokens = [.. Enumerable.Range(0, 5).Select(i => TestTokens.New("m" + i))];
        await pair.AdminA.AddAsync("ssoBasic", tokens, ct);
        // Each quota call takes 3 s, so the task is still running when B lists it, even on a loaded machine.
        pair.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromSeconds(3)).OnlyFor(UpstreamPaths.RateLimits));

        var id = await pair.TasksA.StartAsync("refresh", null, 5, ct);

        // B lists it at once, with A as its owner, and reads it.
        var list = await pair.AdminB.JsonAsync(HttpMethod.Get, "/v1/admin/tasks", null, ct);
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Equal("running", listed.GetProperty("status").GetString());
        Assert.Equal("instance-a", listed.GetProperty("owner").GetString());

        var events = await pair.TasksB.EventsAsync(id, ct);
        var final = TaskApi.AssertWellFormed(events, id);
        Assert.Equal("done", final.GetProperty("type").GetString());
        Assert.Equal(5, final.GetProperty("processed").GetInt32());
        Assert.Equal(1, events.Count(e => e.GetProperty("type").GetString() is "done" or "failed" or "cancelled"));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "progress");
        var counters = events.Where(e => e.GetProperty("type").GetString() == "progress").Select(e => e.GetProperty("processed").GetInt32()).ToList();
        Assert.Equal(counters.Order(), counters);

        var onB = await pair.TasksB.GetAsync(id, ct);
        Assert.Equal("done", onB.GetProperty("status").GetString());
        Assert.Equal(5, onB.GetProperty("ok").GetInt32());
    }

    [Fact]
    public async Task ACancelOnB_StopsTheTaskRunningOnA()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct);
        string[] tokens = [.. Enumerable.Range(0, 20).Select(i => TestTokens.New("c" + i))];
        await pair.AdminA.AddAsync("ssoBasic", tokens, ct);
        pair.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(1500)).OnlyFor(UpstreamPaths.RateLimits));
        var id = await pair.TasksA.StartAsync("refresh", null, 20, ct);
        using var followA = await pair.TasksA.OpenEventsAsync(id, ct);

        var answer = await pair.AdminB.JsonAsync(HttpMethod.Post, $"/v1/admin/tasks/{id}/cancel", null, ct, HttpStatusCode.Accepted);
        Assert.True(answer.GetProperty("cancel_requested").GetBoolean());

        var (events, _) = await TaskApi.ReadEventsAsync(followA, ct);
        var final = TaskApi.AssertWellFormed(events, id);
        Assert.True(final.GetProperty("type").GetString() == "cancelled", $"the task ended {final}");
        Assert.InRange(final.GetProperty("processed").GetInt32(), 0, 19);

        var onB = await pair.TasksB.WaitEndedAsync(id, ct);
        Assert.Equal("cancelled", onB.GetProperty("status").GetString());
        var calls = pair.Simulator.Requests.Count(r => r.Path == UpstreamPaths.RateLimits);
        Assert.True(calls < 20, $"the task went on after the cancel: {calls} calls");
    }

    [Fact]
    public async Task ARunningTaskWhoseInstanceDied_IsMarkedFailed_OnceItsLeaseExpired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        pair.Store.Acquire("task:0123456789abcdef", "instance-dead", TimeSpan.FromSeconds(3));
        pair.Store.PutTask(new BatchTaskRecord { Id = "0123456789abcdef", Kind = "refresh", Status = "running", Total = 3, Processed = 1, Ok = 1, CreatedAt = now, Owner = "instance-dead" });

        // While the lease lasts, the owner is presumed alive.
        var before = await pair.TasksB.GetAsync("0123456789abcdef", ct);
        Assert.Equal("running", before.GetProperty("status").GetString());

        using var follow = await pair.TasksB.OpenEventsAsync("0123456789abcdef", ct);
        var (events, _) = await TaskApi.ReadEventsAsync(follow, ct);
        var final = TaskApi.AssertWellFormed(events, "0123456789abcdef");
        Assert.Equal("failed", final.GetProperty("type").GetString());
        Assert.Equal("the instance running it stopped", final.GetProperty("reason").GetString());

        var onA = await pair.TasksA.GetAsync("0123456789abcdef", ct);
        Assert.Equal("failed", onA.GetProperty("status").GetString());
        Assert.Equal("the instance running it stopped", onA.GetProperty("reason").GetString());
        Assert.Equal(1, onA.GetProperty("processed").GetInt32());
    }

    [Fact]
    public async Task ARunningTaskWithACancelRequest_WhoseInstanceNoLongerRunsIt_IsMarkedCancelled()
    {
        // The store's record says running with a cancel request, and nobody holds the task's lease: its owner
        // stopped it (or stopped) after the request, or a cancel request was written over the owner's final
        // "cancelled" record from an older read. Either way the cancel took effect.
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        pair.Store.PutTask(new BatchTaskRecord { Id = "fedcba9876543210", Kind = "refresh", Status = "running", Total = 4, Processed = 2, Ok = 2, CreatedAt = now, Owner = "instance-gone", CancelRequested = true });

        var onB = await pair.TasksB.GetAsync("fedcba9876543210", ct);
        Assert.Equal("cancelled", onB.GetProperty("status").GetString());
        Assert.Equal(2, onB.GetProperty("processed").GetInt32());

        var onA = await pair.TasksA.GetAsync("fedcba9876543210", ct);
        Assert.Equal("cancelled", onA.GetProperty("status").GetString());
    }

    /// <summary>Two gateways (instance-a, instance-b) on one simulator and one shared store, each with its own DATA_DIR.</summary>
    internal sealed class Pair : IAsyncDisposable
    {
        private readonly TempDirectory _dataA;
        private readonly TempDirectory _dataB;

        private Pair(GrokSimulator simulator, SharedStore store, GatewayHost a, GatewayHost b, TempDirectory dataA, TempDirectory dataB)
        {
            Simulator = simulator;
            Store = store;
            A = a;
            B = b;
            _dataA = dataA;
            _dataB = dataB;
        }

        public GrokSimulator Simulator { get; }

        public SharedStore Store { get; }

        public GatewayHost A { get; }

        public GatewayHost B { get; }

        public AdminClient AdminA => new(A.Client);

        public AdminClient AdminB => new(B.Client);

        public TaskApi TasksA => new(AdminA, A.Client);

        public TaskApi TasksB => new(AdminB, B.Client);

        public static async Task<Pair> StartAsync(CancellationToken ct, string extraToml = OneAtATime)
        {
            var simulator = await GrokSimulator.StartAsync(cancellationToken: ct);
            var store = new SharedStore(TimeSpan.FromSeconds(10));
            var dataA = new TempDirectory();
            var dataB = new TempDirectory();
            SimulatedUpstream.WriteConfig(dataA.Path, simulator, extraToml);
            SimulatedUpstream.WriteConfig(dataB.Path, simulator, extraToml);
            var a = await GatewayHost.StartAsync(dataA.Path, ct, store.Arguments("instance-a"));
            var b = await GatewayHost.StartAsync(dataB.Path, ct, store.Arguments("instance-b"));
            return new Pair(simulator, store, a, b, dataA, dataB);
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Simulator.DisposeAsync();
            _dataA.Dispose();
            _dataB.Dispose();
        }
    }
}
