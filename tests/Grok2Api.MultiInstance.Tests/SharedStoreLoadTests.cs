using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.MultiInstance.Tests.Infrastructure;
using Grok2Api.Simulator;

namespace Grok2Api.MultiInstance.Tests;

/// <summary>
/// Two instances on one store, each under concurrent chat load while admin edits go to both: no
/// served request is lost from the counts, no edit is lost, and a deleted token stays deleted, also
/// after both instances restart from DATA_DIRs that still hold it in their token.json.
/// </summary>
public sealed class SharedStoreLoadTests(StoreServers servers)
{
    private const int InitialQuota = 1_000_000;
    private const int Cost = 1; // grok-3 is a low-cost model: one quota unit per chat.
    private const int ClientsPerInstance = 8;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan SeenTimeout = TimeSpan.FromSeconds(10);

    [Theory(Timeout = 150_000)]
    [InlineData(StoreKinds.Redis)]
    [InlineData(StoreKinds.PostgreSql)]
    [InlineData(StoreKinds.MySql)]
    public async Task Counts_and_admin_edits_of_two_loaded_instances_all_reach_the_store(string kind)
    {
        await using var cluster = await Cluster.StartAsync(servers, kind, TestContext.Current.CancellationToken);
        var seeded = Enumerable.Range(0, 8).Select(i => Cluster.NewToken($"seed{i}")).ToList();
        var tokenFile = new JsonObject { [Cluster.BasicPool] = new JsonArray([.. seeded.Select(t => (JsonNode?)Cluster.Record(t, InitialQuota))]) };

        // Both DATA_DIRs hold the same token.json: the first start seeds the store, the second must not seed again.
        var dataA = cluster.NewDataDirectory(tokenFile);
        var dataB = cluster.NewDataDirectory(tokenFile);
        var a = await cluster.StartInstanceAsync("a", dataA);
        var b = await cluster.StartInstanceAsync("b", dataB);
        using var adminA = GatewayAdmin.For(a);
        using var adminB = GatewayAdmin.For(b);
        Assert.Equal(seeded.Select(GatewayAdmin.IdOf).Order(), (await adminB.ListAsync()).Keys.Order());

        var ids = seeded.Select(GatewayAdmin.IdOf).ToList();
        var added = Enumerable.Range(0, 6).Select(i => Cluster.NewToken($"added{i}")).ToList();
        var addedIds = added.Select(GatewayAdmin.IdOf).ToList();

        var loadA = new ChatLoad();
        var loadB = new ChatLoad();
        using var stop = new CancellationTokenSource(LoadTime);
        var load = Task.WhenAll(loadA.RunAsync(a, ClientsPerInstance, stop.Token), loadB.RunAsync(b, ClientsPerInstance, stop.Token));

        // Admin edits while both serve, each through one instance or the other.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await adminA.AddAsync(Cluster.BasicPool, added[..3], "added through a");
        await adminB.AddAsync(Cluster.BasicPool, added[3..], "added through b");
        await adminA.PatchAsync(ids[0], new JsonObject { ["note"] = "note from a" });
        await adminB.PatchAsync(ids[1], new JsonObject { ["tags"] = new JsonArray("blue", "green") });
        await adminA.PatchAsync(ids[2], new JsonObject { ["status"] = "disabled" });
        await adminB.PatchAsync(ids[3], new JsonObject { ["note"] = "note from b", ["tags"] = new JsonArray("red") });
        // The same field edited through a, then straight away back through b: the later edit wins, even
        // when b has not yet heard of a's (its own view still holds the value it is asked to write).
        await adminA.PatchAsync(ids[5], new JsonObject { ["status"] = "disabled" });
        await adminB.PatchAsync(ids[5], new JsonObject { ["status"] = "active" });
        await adminA.PatchAsync(ids[6], new JsonObject { ["note"] = "short-lived note from a" });
        await adminB.PatchAsync(ids[6], new JsonObject { ["note"] = "" });
        Assert.Equal(HttpStatusCode.NoContent, await adminB.DeleteAsync(ids[4]));
        Assert.Equal(HttpStatusCode.NoContent, await adminA.DeleteAsync(addedIds[0]));

        // Tokens added through one instance are edited and deleted through the other once it has seen them.
        await Eventually.WaitAsync(async () => (await adminA.ListAsync()).ContainsKey(addedIds[4]), SeenTimeout, "a lists a token added through b");
        await Eventually.WaitAsync(async () => (await adminB.ListAsync()).ContainsKey(addedIds[1]), SeenTimeout, "b lists a token added through a");
        await adminA.PatchAsync(addedIds[4], new JsonObject { ["note"] = "edited through a", ["tags"] = new JsonArray("late") });
        await adminB.PatchAsync(addedIds[1], new JsonObject { ["status"] = "disabled" });
        Assert.Equal(HttpStatusCode.NoContent, await adminA.DeleteAsync(addedIds[3]));
        await load.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        Assert.True(loadA.FailureCount + loadB.FailureCount == 0, $"failed chats: a {Show(loadA)}; b {Show(loadB)}\n{cluster.Tails()}");
        var total = loadA.Succeeded + loadB.Succeeded;
        Assert.True(loadA.Succeeded > 20 && loadB.Succeeded > 20, $"too little load to prove anything: a {loadA.Succeeded}, b {loadB.Succeeded}");
        TestContext.Current.SendDiagnosticMessage($"{kind}: {loadA.Succeeded} chats through a, {loadB.Succeeded} through b in {LoadTime.TotalSeconds:0} s, all 200");

        // Graceful stops flush what each instance still holds.
        Assert.Equal(0, await a.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await b.StopAsync(TimeSpan.FromSeconds(30)));

        var served = cluster.Simulator.RequestCountsByToken(UpstreamPaths.ConversationsNew);
        Assert.Equal(total, served.Values.Sum());

        var deleted = new[] { ids[4], addedIds[0], addedIds[3] };
        var expected = new Dictionary<string, Expected>(StringComparer.Ordinal);
        foreach (var token in seeded)
        {
            expected[GatewayAdmin.IdOf(token)] = new Expected(InitialQuota, served.GetValueOrDefault(token), "active", "", []);
        }

        foreach (var token in added)
        {
            var id = GatewayAdmin.IdOf(token);
            expected[id] = new Expected(80, served.GetValueOrDefault(token), "active", addedIds.IndexOf(id) < 3 ? "added through a" : "added through b", []);
        }

        expected[ids[0]] = expected[ids[0]] with { Note = "note from a" };
        expected[ids[1]] = expected[ids[1]] with { Tags = ["blue", "green"] };
        expected[ids[2]] = expected[ids[2]] with { Status = "disabled" };
        expected[ids[3]] = expected[ids[3]] with { Note = "note from b", Tags = ["red"] };
        expected[addedIds[4]] = expected[addedIds[4]] with { Note = "edited through a", Tags = ["late"] };
        expected[addedIds[1]] = expected[addedIds[1]] with { Status = "disabled" };
        foreach (var id in deleted)
        {
            expected.Remove(id);
        }

        TestContext.Current.SendDiagnosticMessage($"{kind}: served per token {string.Join(", ", served.Values.Order())}");

        // A third instance, started fresh on the store, reads what the store holds.
        var reader = await cluster.StartInstanceAsync("reader", cluster.NewDataDirectory());
        using (var adminReader = GatewayAdmin.For(reader))
        {
            AssertStore("a third instance", expected, await adminReader.ListAsync());
        }

        Assert.Equal(0, await reader.StopAsync(TimeSpan.FromSeconds(30)));

        // Restarted from their DATA_DIRs (token.json still lists the deleted seed token): nothing deleted comes back.
        var a2 = await cluster.StartInstanceAsync("a-restarted", dataA);
        var b2 = await cluster.StartInstanceAsync("b-restarted", dataB);
        using var adminA2 = GatewayAdmin.For(a2);
        using var adminB2 = GatewayAdmin.For(b2);
        AssertStore("a, restarted,", expected, await adminA2.ListAsync());
        AssertStore("b, restarted,", expected, await adminB2.ListAsync());
    }

    private static void AssertStore(string who, Dictionary<string, Expected> expected, Dictionary<string, JsonObject> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var wrong = new List<string>();
        foreach (var (id, want) in expected)
        {
            var token = actual[id];
            var got = new Expected(
                token["quota"]!.GetValue<int>(),
                token["use_count"]!.GetValue<int>() / Cost,
                token["status"]!.GetValue<string>(),
                token["note"]!.GetValue<string>(),
                [.. token["tags"]!.AsArray().Select(t => t!.GetValue<string>())]);
            if (!(got.Quota == want.Quota - (want.Served * Cost) && got.Served == want.Served && got.Status == want.Status && got.Note == want.Note && got.Tags.SequenceEqual(want.Tags)))
            {
                wrong.Add(
                    $"token {id}: expected quota {want.Quota - (want.Served * Cost)}, use_count {want.Served * Cost}, {want.Status}, note '{want.Note}', tags [{string.Join(',', want.Tags)}]; " +
                    $"{who} reads quota {got.Quota}, use_count {got.Served * Cost}, {got.Status}, note '{got.Note}', tags [{string.Join(',', got.Tags)}]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static string Show(ChatLoad load) => $"{load.Succeeded} ok, failures {string.Join(", ", load.Failures.Select(f => $"{f.Value} {f.Key}"))} {load.Samples}";

    /// <summary>What the store must hold for one token (Served: requests the simulator saw with its cookie).</summary>
    private sealed record Expected(int Quota, long Served, string Status, string Note, IReadOnlyList<string> Tags);
}
