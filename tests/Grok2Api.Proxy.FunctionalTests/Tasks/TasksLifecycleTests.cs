using System.Net;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>Cancel, reattach, the running-task bound, and a restart reading tasks.json back.</summary>
public sealed class TasksLifecycleTests
{
    private const string OneAtATime = "[usage]\nconcurrent = 1\nbatch_size = 1\n";

    [Fact]
    public async Task Cancel_Midway_EndsCancelled_AndStopsTheUpstreamCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct, OneAtATime);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [.. Enumerable.Range(0, 8).Select(i => TestTokens.New("x" + i))];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);
        upstream.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(400)).OnlyFor(UpstreamPaths.RateLimits));

        var id = await tasks.StartAsync("refresh", null, 8, ct);
        using var stream = await tasks.OpenEventsAsync(id, ct);
        var cancelled = false;
        var (events, _) = await TaskApi.ReadEventsAsync(stream, ct, async e =>
        {
            if (!cancelled && e.GetProperty("type").GetString() == "progress")
            {
                cancelled = true;
                using var answer = await upstream.Admin.SendAsync(HttpMethod.Post, $"/v1/admin/tasks/{id}/cancel", null, ct);
                Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            }
        });

        var final = TaskApi.AssertWellFormed(events, id);
        Assert.Equal("cancelled", final.GetProperty("type").GetString());
        var processed = final.GetProperty("processed").GetInt32();
        Assert.InRange(processed, 1, 7);
        Assert.Equal(processed, events.Count(e => e.GetProperty("type").GetString() == "progress") + events[0].GetProperty("processed").GetInt32());

        // No call starts after the end, and the one in flight was abandoned. A request sent just before the
        // cancel may reach the simulator a little later on a loaded machine, so the count is read once it settled.
        await Task.Delay(TimeSpan.FromSeconds(0.6), ct);
        var calls = upstream.Simulator.Requests.Count(r => r.Path == UpstreamPaths.RateLimits);
        await Task.Delay(TimeSpan.FromSeconds(1.2), ct);
        Assert.Equal(calls, upstream.Simulator.Requests.Count(r => r.Path == UpstreamPaths.RateLimits));
        Assert.InRange(calls, processed, processed + 1);

        var view = await tasks.GetAsync(id, ct);
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Equal(processed, view.GetProperty("processed").GetInt32());

        // Cancelling an ended task changes nothing.
        var again = await upstream.Admin.JsonAsync(HttpMethod.Post, $"/v1/admin/tasks/{id}/cancel", null, ct, HttpStatusCode.Accepted);
        Assert.Equal("cancelled", again.GetProperty("status").GetString());
        Assert.Equal(processed, again.GetProperty("processed").GetInt32());
    }

    [Fact]
    public async Task Reattach_ToAnEndedTask_GivesSnapshotAndFinalAtOnce_AndTheListIsNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [TestTokens.New("p"), TestTokens.New("q")];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);

        var first = await tasks.StartAsync("refresh", null, 2, ct);
        await tasks.WaitEndedAsync(first, ct);
        var second = await tasks.StartAsync("assets_load", [TestTokens.IdOf(tokens[0])], 1, ct);
        await tasks.WaitEndedAsync(second, ct);

        var events = await tasks.EventsAsync(first, ct);
        Assert.Equal(2, events.Count);
        Assert.Equal("snapshot", events[0].GetProperty("type").GetString());
        Assert.Equal("done", events[0].GetProperty("status").GetString());
        Assert.Equal(2, events[0].GetProperty("processed").GetInt32());
        Assert.Equal("done", events[1].GetProperty("type").GetString());

        var list = await upstream.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/tasks", null, ct);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["assets_load", "refresh"], items.Select(i => i.GetProperty("kind").GetString()));
        string[] fields = ["id", "kind", "status", "total", "processed", "ok", "fail", "errors", "assets", "created_at", "ended_at", "reason", "owner", "cancel_requested"];
        Assert.Equal(fields.Order(), items[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task TooManyRunningTasks_Are429_UntilOneEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct, OneAtATime);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        var token = TestTokens.New("slow");
        await upstream.Admin.AddAsync("ssoBasic", [token], ct);
        upstream.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromSeconds(30)).OnlyFor(UpstreamPaths.RateLimits));

        var running = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            running.Add(await tasks.StartAsync("refresh", null, 1, ct));
        }

        using var refused = await upstream.Admin.SendAsync(HttpMethod.Post, "/v1/admin/tasks", new System.Text.Json.Nodes.JsonObject { ["kind"] = "refresh" }, ct);
        var problem = await ProblemAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests, ct);
        Assert.Contains("running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);

        await upstream.Admin.JsonAsync(HttpMethod.Post, $"/v1/admin/tasks/{running[0]}/cancel", null, ct, HttpStatusCode.Accepted);
        Assert.Equal("cancelled", (await tasks.WaitEndedAsync(running[0], ct)).GetProperty("status").GetString());
        running.Add(await tasks.StartAsync("refresh", null, 1, ct));
        foreach (var id in running.Skip(1))
        {
            await upstream.Admin.JsonAsync(HttpMethod.Post, $"/v1/admin/tasks/{id}/cancel", null, ct, HttpStatusCode.Accepted);
            await tasks.WaitEndedAsync(id, ct);
        }
    }

    [Fact]
    public async Task Restart_ReadsTasksJsonBack_AndATaskThatWasRunningIsFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var simulator = await GrokSimulator.StartAsync(cancellationToken: ct);
        using var data = new TempDirectory();
        SimulatedUpstream.WriteConfig(data.Path, simulator, OneAtATime);
        var token = TestTokens.New("restart");
        string done, interrupted;
        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            var tasks = new TaskApi(new AdminClient(gateway.Client), gateway.Client);
            await tasks.Admin.AddAsync("ssoBasic", [token], ct);
            done = await tasks.StartAsync("refresh", null, 1, ct);
            await tasks.WaitEndedAsync(done, ct);
            simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromSeconds(30)).OnlyFor(UpstreamPaths.RateLimits));
            interrupted = await tasks.StartAsync("refresh", null, 1, ct);
            await simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.RateLimits && r.FaultApplied is not null, TimeSpan.FromSeconds(30), ct);
        }

        var stored = await File.ReadAllTextAsync(Path.Combine(data.Path, "tasks.json"), ct);
        Assert.Contains(done, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);

        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            var tasks = new TaskApi(new AdminClient(gateway.Client), gateway.Client);
            var list = await tasks.Admin.JsonAsync(HttpMethod.Get, "/v1/admin/tasks", null, ct);
            var items = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
            Assert.Equal("done", items[done].GetProperty("status").GetString());
            Assert.Equal(1, items[done].GetProperty("ok").GetInt32());
            Assert.Equal("failed", items[interrupted].GetProperty("status").GetString());
            Assert.Equal("the service restarted", items[interrupted].GetProperty("reason").GetString());
            Assert.NotEqual(JsonValueKind.Null, items[interrupted].GetProperty("ended_at").ValueKind);

            var final = TaskApi.AssertWellFormed(await tasks.EventsAsync(interrupted, ct), interrupted);
            Assert.Equal("failed", final.GetProperty("type").GetString());
            Assert.Equal("the service restarted", final.GetProperty("reason").GetString());
        }
    }
}
