using System.Globalization;
using System.Text.Json.Nodes;
using Grok2Api.MultiInstance.Tests.Infrastructure;

namespace Grok2Api.MultiInstance.Tests;

/// <summary>
/// <c>Grok2Api.Proxy.dll migrate</c> copies a pool of 10,000 tokens from a local DATA_DIR to a shared
/// store and back to a new DATA_DIR without losing anything: every record, every field (unknown
/// fields, nulls, tags, every status, both pools and a pool the service does not serve).
/// </summary>
public sealed class MigrateTests(StoreServers servers)
{
    private const int TokenCount = 10_000;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    [Theory(Timeout = 300_000)]
    [InlineData(StoreKinds.Redis)]
    [InlineData(StoreKinds.PostgreSql)]
    [InlineData(StoreKinds.MySql)]
    public async Task Ten_thousand_tokens_go_to_the_store_and_back_losslessly(string kind)
    {
        await using var cluster = await Cluster.StartAsync(servers, kind, TestContext.Current.CancellationToken);
        var source = cluster.NewDataDirectory(TokenFile(TokenCount));
        var target = cluster.NewEmptyDirectory();
        var none = new Dictionary<string, string>();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (toStore, toStoreOutput) = await ProxyInstance.RunCommandAsync(
            ["migrate", "--from", "local", "--data-dir", source, "--to", kind, "--to-url", cluster.Store.Url],
            source, none, CommandTimeout, TestContext.Current.CancellationToken);
        Assert.True(toStore == 0, $"migrate local -> {kind} exited {toStore}:\n{toStoreOutput}");
        Assert.DoesNotContain(cluster.Store.Url, toStoreOutput, StringComparison.Ordinal);

        var toStoreTime = clock.Elapsed;
        clock.Restart();
        var (back, backOutput) = await ProxyInstance.RunCommandAsync(
            ["migrate", "--from", kind, "--from-url", cluster.Store.Url, "--to", "local", "--to-data-dir", target],
            target, none, CommandTimeout, TestContext.Current.CancellationToken);
        Assert.True(back == 0, $"migrate {kind} -> local exited {back}:\n{backOutput}");
        var backTime = clock.Elapsed;

        var expected = Records(File.ReadAllText(Path.Combine(source, "token.json")));
        var actual = Records(File.ReadAllText(Path.Combine(target, "token.json")));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var differences = new List<string>();
        foreach (var (key, record) in expected)
        {
            var got = actual[key];
            if (!JsonNode.DeepEquals(record, got))
            {
                differences.Add($"{key}:\n  expected {record.ToJsonString()}\n  got      {got.ToJsonString()}");
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {expected.Count} records differ after the round trip; first ones:\n{string.Join('\n', differences.Take(5))}");
        TestContext.Current.SendDiagnosticMessage(
            $"{kind}: {expected.Count} records round-tripped; local -> {kind} {toStoreTime.TotalSeconds:0.0} s, {kind} -> local {backTime.TotalSeconds:0.0} s");
    }

    /// <summary>Every record keyed by pool and token, its fields sorted by name (field order is not semantic).</summary>
    private static Dictionary<string, JsonObject> Records(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (pool, entries) in root)
        {
            foreach (var entry in entries!.AsArray())
            {
                var record = entry!.AsObject();
                var sorted = new JsonObject();
                foreach (var (name, value) in record.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sorted[name] = value?.DeepClone();
                }

                records[$"{pool}/{record["token"]!.GetValue<string>()}"] = sorted;
            }
        }

        return records;
    }

    /// <summary>
    /// A token.json of <paramref name="count"/> records with every shape a record takes: each status,
    /// null and set timestamps, tags, notes with quotes and non-ASCII text, unknown fields of every
    /// JSON kind, quota 0 and large counters; mostly ssoBasic, a quarter ssoSuper, a few in another pool.
    /// </summary>
    private static JsonObject TokenFile(int count)
    {
        string[] statuses = ["active", "cooling", "expired", "disabled"];
        var random = new Random(20261205);
        var pools = new Dictionary<string, JsonArray>(StringComparer.Ordinal)
        {
            ["ssoBasic"] = [],
            ["ssoSuper"] = [],
            ["ssoOther"] = [],
        };
        for (var i = 0; i < count; i++)
        {
            var pool = i % 500 == 7 ? "ssoOther" : i % 4 == 0 ? "ssoSuper" : "ssoBasic";
            long? Maybe(long value) => random.Next(3) == 0 ? null : value;
            var created = 1_700_000_000_000L + (i * 1_000L);
            var record = new JsonObject
            {
                ["token"] = $"eyJhbGciOiJIUzI1NiJ9.migrate-{i.ToString(CultureInfo.InvariantCulture)}-{random.Next():x8}",
                ["status"] = statuses[i % statuses.Length],
                ["quota"] = i % 13 == 0 ? 0 : random.Next(1, 141),
                // A record without created_at is given the load time when read (docs/compatibility.md §5), so every record has one.
                ["created_at"] = created,
                ["last_used_at"] = Maybe(created + random.Next(1, 1_000_000)),
                ["use_count"] = i % 11 == 0 ? 2_000_000_000 - i : random.Next(0, 10_000),
                ["fail_count"] = random.Next(0, 6),
                ["last_fail_at"] = Maybe(created + 7),
                ["last_fail_reason"] = random.Next(3) == 0 ? null : "app_chat_auth_failed",
                ["last_sync_at"] = Maybe(created + 9),
                ["tags"] = new JsonArray([.. Enumerable.Range(0, i % 4).Select(t => (JsonNode?)(t == 2 ? "标签 ✓" : $"tag{t}"))]),
                ["note"] = (i % 5) switch
                {
                    0 => "",
                    1 => $"note {i}",
                    2 => "quote \" backslash \\ tab \t newline \n end",
                    3 => "备注 ✓ 🚀",
                    _ => new string('n', 500),
                },
                ["last_asset_clear_at"] = Maybe(created + 11),
            };
            if (i % 7 == 0)
            {
                record["x_extra"] = new JsonObject { ["a"] = new JsonArray(1, 2.5, null, "ü"), ["nested"] = new JsonObject { ["deep"] = true } };
            }

            if (i % 9 == 0)
            {
                record["x_flag"] = false;
                record["x_null"] = null;
                record["x_number"] = 12345678901234L;
            }

            pools[pool].Add(record);
        }

        var file = new JsonObject();
        foreach (var (name, records) in pools)
        {
            file[name] = records;
        }

        return file;
    }
}
