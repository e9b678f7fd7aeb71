using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Reads the original project's keys in the same Redis database (docs/adr/0023):
/// <list type="bullet">
/// <item><c>grok2api:pools</c>: set of pool names; <c>grok2api:pool:{pool}</c>: set of the pool's tokens.</item>
/// <item><c>grok2api:token:{token}</c>: hash of the record's fields as strings (tags as JSON text; a
/// field whose value was null is absent, and one set back to null was never removed, so a
/// <c>last_fail_reason</c> with a zero <c>fail_count</c> is a leftover and is dropped).</item>
/// <item><c>grok2api:config</c>: hash, field <c>section.key</c>, value the JSON text.</item>
/// </list>
/// Only reading commands (<c>SMEMBERS</c>, <c>HGETALL</c>), which take no lock; the original's
/// <c>grok2api:lock:*</c> keys are not looked at.
/// </summary>
internal sealed class RedisOriginalStoreReader(RedisConnection connection, TimeProvider time) : IOriginalStoreReader
{
    /// <summary>Hashes read per round trip.</summary>
    private const int ChunkSize = 500;

    private const string Pools = "grok2api:pools";
    private const string Config = "grok2api:config";

    /// <inheritdoc />
    public string Describe => $"the original's grok2api:* keys in {connection.Settings.Describe}";

    /// <inheritdoc />
    public async Task<OriginalStoreData> ReadAsync(CancellationToken cancellationToken)
    {
        var collector = new OriginalStoreCollector(Describe, time.GetUtcNow().ToUnixTimeMilliseconds());
        var named = await ReadOrSkipAsync(collector, Pools, db => db.SetMembersAsync(Pools), cancellationToken) ?? [];

        // The two pools every version had are read even when the set of names is missing.
        var pools = named.Select(p => p.ToString()).Concat(TokenPools.All).Distinct(StringComparer.Ordinal)
            .OrderBy(p => TokenPools.IsKnown(p) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal).ToList();
        foreach (var pool in pools)
        {
            var setKey = $"grok2api:pool:{pool}";
            var members = await ReadOrSkipAsync(collector, setKey, db => db.SetMembersAsync(setKey), cancellationToken) ?? [];
            var tokens = members.Select(m => m.ToString()).Order(StringComparer.Ordinal).ToList();
            foreach (var chunk in tokens.Chunk(ChunkSize))
            {
                var hashes = await connection.RunAsync("reading the original's token hashes", async db =>
                {
                    var reads = chunk.Select(t => ReadHashAsync(db, $"grok2api:token:{t}")).ToList();
                    return await Task.WhenAll(reads);
                }, cancellationToken);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var fields = hashes[i];
                    if (fields is null)
                    {
                        collector.Problem($"grok2api:token:<token {TokenIdentity.IdOf(TokenIdentity.Normalize(chunk[i]))}>", "not a hash; the token was read with every field at its default");
                    }

                    collector.AddToken(
                        id => $"grok2api:token:<token {id}>",
                        pool,
                        chunk[i],
                        OriginalStoreCollector.HashFields([.. (fields ?? []).Select(f => KeyValuePair.Create(f.Name.ToString(), f.Value.ToString()))]),
                        staleFailReason: true);
                }
            }
        }

        var config = await ReadOrSkipAsync(collector, Config, db => db.HashGetAllAsync(Config), cancellationToken) ?? [];
        foreach (var entry in config.OrderBy(e => e.Name.ToString(), StringComparer.Ordinal))
        {
            var name = entry.Name.ToString();
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            collector.AddConfig(
                $"{Config} {name}",
                dot < 0 ? "" : name[..dot],
                dot < 0 ? "" : name[(dot + 1)..],
                entry.Value.IsNull ? null : entry.Value.ToString());
        }

        return collector.Build();
    }

    // A hash, or null when the key holds another type (the original never wrote one; a user might have).
    private static async Task<HashEntry[]?> ReadHashAsync(IDatabase db, string key)
    {
        try
        {
            return await db.HashGetAllAsync(key);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            return null;
        }
    }

    // A key of another type than the layout says is reported and read as missing.
    private async Task<T?> ReadOrSkipAsync<T>(OriginalStoreCollector collector, string key, Func<IDatabase, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await connection.RunAsync("reading the original's keys", read, cancellationToken);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            collector.Problem(key, "the key holds another type than the original wrote; it was not read");
            return null;
        }
    }
}
