using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// The config tree in the hash <c>g2a:config</c>: one field per <c>section.key</c> (a section-level
/// value that is not an object under <c>section.</c>), the value the JSON text of the node. A save
/// writes only the keys that differ from the tree this object last loaded or saved, in one MULTI
/// together with the "config" notice, so two instances editing different keys both keep their edit.
/// </summary>
internal sealed class RedisConfigStore : IConfigStore
{
    private readonly RedisConnection _connection;
    private readonly RedisNoticeHub _notices;
    private readonly StoreInstance _instance;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _known;

    public RedisConfigStore(RedisConnection connection, RedisNoticeHub notices, StoreInstance instance)
    {
        _connection = connection;
        _notices = notices;
        _instance = instance;
    }

    /// <inheritdoc/>
    public string Source => _connection.Settings.Describe;

    /// <inheritdoc/>
    public async Task<JsonObject?> LoadAsync(CancellationToken cancellationToken)
    {
        var entries = await _connection.RunAsync("config load", db => db.HashGetAllAsync(RedisKeys.Config), cancellationToken);
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        lock (_lock)
        {
            _known = fields;
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var tree = new JsonObject();
        foreach (var (field, text) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var dot = field.IndexOf('.', StringComparison.Ordinal);
            var section = dot < 0 ? field : field[..dot];
            var key = dot < 0 ? "" : field[(dot + 1)..];
            JsonNode? value;
            try
            {
                value = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ConfigFormatException($"{Source}: the value of {field} is not JSON: {ex.Message}", ex);
            }

            if (key.Length == 0)
            {
                tree[section] = value;
            }
            else
            {
                if (tree[section] is not JsonObject sectionObject)
                {
                    sectionObject = [];
                    tree[section] = sectionObject;
                }

                sectionObject[key] = value;
            }
        }

        return tree;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(JsonObject tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var fields = Flatten(tree);
            Dictionary<string, string>? known;
            lock (_lock)
            {
                known = _known;
            }

            var changed = fields.Where(f => known is null || !known.TryGetValue(f.Key, out var old) || old != f.Value)
                .Select(f => new HashEntry(f.Key, f.Value)).ToArray();
            var removed = known is null ? [] : known.Keys.Where(k => !fields.ContainsKey(k)).Select(k => (RedisValue)k).ToArray();
            if (changed.Length == 0 && removed.Length == 0)
            {
                return;
            }

            var notice = JsonSerializer.Serialize(new RedisNotice(_instance.Id, RedisNotice.Config, null), RedisJsonContext.Default.RedisNotice);
            await _connection.RunAsync("config save", async db =>
            {
                var transaction = db.CreateTransaction();
                var writes = new List<Task>(3);
                if (changed.Length > 0)
                {
                    writes.Add(transaction.HashSetAsync(RedisKeys.Config, changed));
                }

                if (removed.Length > 0)
                {
                    writes.Add(transaction.HashDeleteAsync(RedisKeys.Config, removed));
                }

                writes.Add(transaction.PublishAsync(RedisKeys.Notices, notice));
                if (!await transaction.ExecuteAsync())
                {
                    throw new InvalidOperationException("redis: the config transaction was not applied");
                }

                await Task.WhenAll(writes);
            }, cancellationToken);

            lock (_lock)
            {
                _known = fields;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    public IChangeToken Watch() => _notices.WatchConfig();

    /// <summary>The fields of <paramref name="tree"/>: <c>section.key</c> to JSON text.</summary>
    internal static Dictionary<string, string> Flatten(JsonObject tree)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (section, node) in tree)
        {
            if (node is JsonObject keys)
            {
                foreach (var (key, value) in keys)
                {
                    fields[$"{section}.{key}"] = value?.ToJsonString() ?? "null";
                }
            }
            else
            {
                fields[$"{section}."] = node?.ToJsonString() ?? "null";
            }
        }

        return fields;
    }
}
