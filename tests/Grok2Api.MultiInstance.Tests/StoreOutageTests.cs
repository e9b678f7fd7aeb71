using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.MultiInstance.Tests.Infrastructure;
using Grok2Api.Simulator;

namespace Grok2Api.MultiInstance.Tests;

/// <summary>
/// The store server stops for 10 s while two instances serve chats: no chat fails for lack of the
/// store, <c>/health</c> keeps answering 200 and reports the store unavailable, then ok once it is
/// back, and the counts written after it returns are still exact.
/// </summary>
public sealed class StoreOutageTests(StoreServers servers)
{
    private const int InitialQuota = 1_000_000;
    private const int ClientsPerInstance = 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Theory(Timeout = 150_000)]
    [InlineData(StoreKinds.Redis)]
    [InlineData(StoreKinds.PostgreSql)]
    [InlineData(StoreKinds.MySql)]
    public async Task Chats_and_health_survive_a_store_outage_and_the_counts_stay_exact(string kind)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await Cluster.StartAsync(servers, kind, cancellation);
        var seeded = Enumerable.Range(0, 6).Select(i => Cluster.NewToken($"outage{i}")).ToList();
        var tokenFile = new JsonObject { [Cluster.BasicPool] = new JsonArray([.. seeded.Select(t => (JsonNode?)Cluster.Record(t, InitialQuota))]) };
        var a = await cluster.StartInstanceAsync("a", cluster.NewDataDirectory(tokenFile));
        var b = await cluster.StartInstanceAsync("b", cluster.NewDataDirectory(tokenFile));

        var loadA = new ChatLoad();
        var loadB = new ChatLoad();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(loadA.RunAsync(a, ClientsPerInstance, stopLoad.Token), loadB.RunAsync(b, ClientsPerInstance, stopLoad.Token));
        var healthA = new HealthLog();
        var healthB = new HealthLog();
        using var stopHealth = new CancellationTokenSource();
        var health = Task.WhenAll(healthA.RunAsync(a, stopHealth.Token), healthB.RunAsync(b, stopHealth.Token));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            var beforeOutage = loadA.Succeeded + loadB.Succeeded;
            healthA.Mark("outage");
            healthB.Mark("outage");
            await cluster.Store.StopAsync();
            await Task.Delay(Outage, cancellation);
            var duringOutage = loadA.Succeeded + loadB.Succeeded - beforeOutage;
            await cluster.Store.RestartAsync();
            healthA.Mark("back");
            healthB.Mark("back");

            // Both report the store ok again (bounded), then serve a little longer on the returned store.
            await Eventually.WaitAsync(() => Task.FromResult(healthA.LastState == "ok" && healthB.LastState == "ok"), TimeSpan.FromSeconds(30), $"/health reports the store ok again after the restart (a: {healthA.LastState}, b: {healthB.LastState})");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
            await stopLoad.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(60), cancellation);
            Assert.True(duringOutage > 20, $"only {duringOutage} chats were served during the outage");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await stopHealth.CancelAsync();
            await health.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        Assert.True(loadA.FailureCount + loadB.FailureCount == 0, $"failed chats: a {Show(loadA)}; b {Show(loadB)}\n{cluster.Tails()}");
        foreach (var (name, log) in new[] { ("a", healthA), ("b", healthB) })
        {
            Assert.True(log.Failures.IsEmpty, $"/health of {name} did not answer 200: {string.Join("; ", log.Failures.Take(5))}");
            Assert.True(log.StatesIn("outage").Contains("unavailable"), $"/health of {name} never showed the store unavailable during the outage: {log.Summary}");
            Assert.True(log.StatesIn("before").All(s => s == "ok"), $"/health of {name} showed the store not ok before the outage: {log.Summary}");
            Assert.Equal("ok", log.LastState);
        }

        var total = loadA.Succeeded + loadB.Succeeded;
        Assert.Equal(0, await a.StopAsync(TimeSpan.FromSeconds(40)));
        Assert.Equal(0, await b.StopAsync(TimeSpan.FromSeconds(40)));
        var served = cluster.Simulator.RequestCountsByToken(UpstreamPaths.ConversationsNew);
        Assert.Equal(total, served.Values.Sum());

        var reader = await cluster.StartInstanceAsync("reader", cluster.NewDataDirectory());
        using var admin = GatewayAdmin.For(reader);
        var stored = await admin.ListAsync();
        Assert.Equal(seeded.Select(GatewayAdmin.IdOf).Order(), stored.Keys.Order());
        foreach (var token in seeded)
        {
            var record = stored[GatewayAdmin.IdOf(token)];
            var count = served.GetValueOrDefault(token);
            Assert.True(
                record["quota"]!.GetValue<int>() == InitialQuota - count && record["use_count"]!.GetValue<int>() == count,
                $"token {GatewayAdmin.IdOf(token)} served {count}: the store has quota {record["quota"]}, use_count {record["use_count"]}");
        }

        TestContext.Current.SendDiagnosticMessage($"{kind}: {total} chats, all 200; health a: {healthA.Summary}; b: {healthB.Summary}");
    }

    private static string Show(ChatLoad load) => $"{load.Succeeded} ok, failures {string.Join(", ", load.Failures.Select(f => $"{f.Value} {f.Key}"))} {load.Samples}";

    /// <summary>/health polled every 250 ms: the store states seen per phase, and anything that was not a 200.</summary>
    private sealed class HealthLog
    {
        private readonly ConcurrentQueue<(string Phase, string State)> _states = new();
        private volatile string _phase = "before";

        public ConcurrentQueue<string> Failures { get; } = new();

        public string? LastState { get; private set; }

        public string Summary => string.Join(", ", _states.GroupBy(s => (s.Phase, s.State)).Select(g => $"{g.Key.Phase}/{g.Key.State} x{g.Count()}"));

        public void Mark(string phase) => _phase = phase;

        public IEnumerable<string> StatesIn(string phase) => _states.Where(s => s.Phase == phase).Select(s => s.State);

        public async Task RunAsync(ProxyInstance instance, CancellationToken stop)
        {
            using var http = instance.CreateClient();
            http.Timeout = TimeSpan.FromSeconds(10);
            while (!stop.IsCancellationRequested)
            {
                var phase = _phase;
                try
                {
                    using var response = await http.GetAsync(new Uri("health", UriKind.Relative), CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Failures.Enqueue($"{phase}: {(int)response.StatusCode} {body}");
                    }
                    else
                    {
                        var state = JsonNode.Parse(body)?["store"]?["state"]?.GetValue<string>() ?? $"no store.state in {body}";
                        _states.Enqueue((phase, state));
                        LastState = state;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    Failures.Enqueue($"{phase}: {ex.GetType().Name} {ex.Message}");
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
