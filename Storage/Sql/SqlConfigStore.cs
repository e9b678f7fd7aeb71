using System.Text.Json.Nodes;
using Grok2Api.Storage.Shared;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// The config tree in <c>g2a_config</c>, one row per <c>section.key</c> holding the JSON text of the
/// node. A save writes only the keys that differ from what this object last loaded or saved, in one
/// transaction, and announces it; <see cref="Watch"/> fires when another instance announced a change.
/// </summary>
internal sealed class SqlConfigStore : IConfigStore
{
    private readonly SqlBackend _backend;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _watchGate = new();
    private Dictionary<(string Section, string Key), string>? _baseline;
    private CancellationTokenSource _changed = new();

    public SqlConfigStore(SqlBackend backend)
    {
        _backend = backend;
    }

    /// <inheritdoc />
    public string Source => _backend.Describe;

    /// <inheritdoc />
    public async Task<JsonObject?> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var rows = await ReadAllAsync(cancellationToken);
            var tree = ConfigEntries.Build(rows.Select(r => (r.Key.Section, r.Key.Key, r.Value)));
            _baseline = rows;
            return tree;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(JsonObject tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var after = ConfigEntries.Flatten(tree);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var before = _baseline ?? await ReadAllAsync(cancellationToken);
            var (upserts, deletes) = ConfigEntries.Diff(before, after);
            if (upserts.Count > 0 || deletes.Count > 0)
            {
                await _backend.InTransactionAsync("saving the config", async (connection, transaction, ct) =>
                {
                    await using var batch = connection.CreateBatch();
                    batch.Transaction = transaction;
                    foreach (var ((section, key), value) in upserts)
                    {
                        SqlBackend.AddCommand(batch, _backend.Dialect.UpsertConfig, ("s", section), ("k", key), ("v", value));
                    }

                    foreach (var (section, key) in deletes)
                    {
                        SqlBackend.AddCommand(batch, "DELETE FROM g2a_config WHERE section = @s AND key_name = @k", ("s", section), ("k", key));
                    }

                    _backend.Dialect.AddNotice(batch, StoreNotice.ForConfig(_backend.Instance.Id));
                    await batch.ExecuteNonQueryAsync(ct);
                    return true;
                }, cancellationToken);
            }

            _baseline = after;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public IChangeToken Watch()
    {
        lock (_watchGate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Another instance changed the config (or changes may have been missed): fires the current watch token.</summary>
    internal void OnChangedElsewhere()
    {
        CancellationTokenSource changed;
        lock (_watchGate)
        {
            changed = _changed;
            _changed = new CancellationTokenSource();
        }

        changed.Cancel();
        changed.Dispose();
    }

    private Task<Dictionary<(string Section, string Key), string>> ReadAllAsync(CancellationToken cancellationToken) =>
        _backend.RunAsync("loading the config", async (connection, ct) =>
        {
            var rows = new Dictionary<(string, string), string>();
            await using var command = SqlBackend.CreateCommand(connection, null, "SELECT section, key_name, value FROM g2a_config");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
            }

            return rows;
        }, cancellationToken);
}
