using System.Data.Common;
using Grok2Api.Storage.Shared;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// Token records in <c>g2a_tokens</c>, one row per token keyed by its public id. A save is one
/// transaction: upserts, then updates written as single UPDATE statements that do the quota and
/// use-count arithmetic in SQL (<see cref="TokenUpdate.ApplyTo"/> in SQL), then deletes, then the
/// change notice, which the database delivers only when the transaction commits.
/// </summary>
internal sealed class SqlTokenStore : ITokenStore
{
    /// <summary>Statements per round trip.</summary>
    internal const int BatchSize = 200;

    internal const string Columns =
        "id, token, pool, status, quota, use_count, created_at, last_used_at, fail_count, last_fail_at, last_fail_reason, last_sync_at, tags, note, last_asset_clear_at, extra";

    private const int IdsPerQuery = 500;

    private readonly SqlBackend _backend;

    public SqlTokenStore(SqlBackend backend)
    {
        _backend = backend;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken) =>
        _backend.RunAsync<IReadOnlyList<PooledToken>>("loading tokens", async (connection, ct) =>
        {
            await using var command = SqlBackend.CreateCommand(connection, null, $"SELECT {Columns} FROM g2a_tokens ORDER BY created_at, id");
            return await ReadAsync(command, ct);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PooledToken>> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<PooledToken>>([]);
        }

        return _backend.RunAsync<IReadOnlyList<PooledToken>>("loading tokens by id", async (connection, ct) =>
        {
            var found = new List<PooledToken>();
            foreach (var chunk in wanted.Chunk(IdsPerQuery))
            {
                var names = chunk.Select((_, i) => "@i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                await using var command = SqlBackend.CreateCommand(
                    connection, null, $"SELECT {Columns} FROM g2a_tokens WHERE id IN ({string.Join(", ", names)})",
                    [.. chunk.Select((id, i) => (names[i][1..], (object?)id))]);
                found.AddRange(await ReadAsync(command, ct));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        return _backend.InTransactionAsync("saving tokens", async (connection, transaction, ct) =>
        {
            var batch = NewBatch(connection, transaction);
            try
            {
                foreach (var upsert in changes.Upserts)
                {
                    touched.Add(AddUpsert(batch, upsert));
                    batch = await FlushIfFullAsync(batch, connection, transaction, ct);
                }

                foreach (var update in changes.Updates)
                {
                    touched.Add(AddUpdate(batch, update));
                    batch = await FlushIfFullAsync(batch, connection, transaction, ct);
                }

                foreach (var chunk in changes.Deletes.Chunk(IdsPerQuery))
                {
                    var ids = chunk.Select(TokenIdentity.IdOf).ToArray();
                    touched.UnionWith(ids);
                    var names = ids.Select((_, i) => "d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    SqlBackend.AddCommand(batch, $"DELETE FROM g2a_tokens WHERE id IN ({string.Join(", ", names.Select(n => "@" + n))})",
                        [.. ids.Select((id, i) => (names[i], (object?)id))]);
                    batch = await FlushIfFullAsync(batch, connection, transaction, ct, force: true);
                }

                _backend.Dialect.AddNotice(batch, StoreNotice.ForTokens(_backend.Instance.Id, touched));
                await batch.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                await batch.DisposeAsync();
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>The UPDATE statement of <paramref name="update"/> (TokenUpdate.ApplyTo in SQL) and its parameters.</summary>
    internal static (string Sql, (string Name, object? Value)[] Parameters) BuildUpdate(TokenUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var values = update.Values.Token;
        var sets = new List<string>();
        var parameters = new List<(string, object?)> { ("id", TokenIdentity.IdOf(update.Token)) };

        void Set(TokenFields field, string column, object? value)
        {
            if ((update.Fields & field) != 0)
            {
                sets.Add($"{column} = @{column}");
                parameters.Add((column, value));
            }
        }

        Set(TokenFields.Pool, "pool", update.Values.Pool);
        if ((update.Fields & TokenFields.StatusByAdmin) != 0)
        {
            sets.Add("status = @status");
            parameters.Add(("status", TokenStatusNames.Of(values.Status)));
        }
        else if ((update.Fields & TokenFields.Status) != 0)
        {
            sets.Add("status = CASE WHEN status = 'disabled' THEN status ELSE @status END");
            parameters.Add(("status", TokenStatusNames.Of(values.Status)));
        }

        if ((update.Fields & TokenFields.Quota) != 0)
        {
            Set(TokenFields.Quota, "quota", (long)values.Quota);
        }
        else
        {
            sets.Add("quota = GREATEST(quota + @quota_delta, 0)");
            parameters.Add(("quota_delta", (long)update.QuotaDelta));
        }

        if ((update.Fields & TokenFields.UseCount) != 0)
        {
            Set(TokenFields.UseCount, "use_count", (long)values.UseCount);
        }
        else
        {
            sets.Add("use_count = GREATEST(use_count + @use_delta, 0)");
            parameters.Add(("use_delta", (long)update.UseCountDelta));
        }

        Set(TokenFields.CreatedAt, "created_at", values.CreatedAt);
        Set(TokenFields.LastUsedAt, "last_used_at", values.LastUsedAt);
        Set(TokenFields.FailCount, "fail_count", (long)values.FailCount);
        Set(TokenFields.LastFailAt, "last_fail_at", values.LastFailAt);
        Set(TokenFields.LastFailReason, "last_fail_reason", values.LastFailReason);
        Set(TokenFields.LastSyncAt, "last_sync_at", values.LastSyncAt);
        Set(TokenFields.Tags, "tags", StoredTokenJson.WriteTags(values.Tags));
        Set(TokenFields.Note, "note", values.Note ?? "");
        Set(TokenFields.LastAssetClearAt, "last_asset_clear_at", values.LastAssetClearAt);
        return ($"UPDATE g2a_tokens SET {string.Join(", ", sets)} WHERE id = @id", [.. parameters]);
    }

    /// <summary>The parameters of a whole-row upsert.</summary>
    internal static (string Name, object? Value)[] RowParameters(PooledToken pooled)
    {
        var token = pooled.Token;
        return
        [
            ("id", TokenIdentity.IdOf(token.Token)),
            ("token", token.Token),
            ("pool", pooled.Pool),
            ("status", TokenStatusNames.Of(token.Status)),
            ("quota", (long)token.Quota),
            ("use_count", (long)token.UseCount),
            ("created_at", token.CreatedAt),
            ("last_used_at", token.LastUsedAt),
            ("fail_count", (long)token.FailCount),
            ("last_fail_at", token.LastFailAt),
            ("last_fail_reason", token.LastFailReason),
            ("last_sync_at", token.LastSyncAt),
            ("tags", StoredTokenJson.WriteTags(token.Tags)),
            ("note", token.Note ?? ""),
            ("last_asset_clear_at", token.LastAssetClearAt),
            ("extra", StoredTokenJson.WriteExtra(token.Extra)),
        ];
    }

    private static DbBatch NewBatch(DbConnection connection, DbTransaction transaction)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }

    private static async Task<DbBatch> FlushIfFullAsync(DbBatch batch, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken, bool force = false)
    {
        if (batch.BatchCommands.Count < BatchSize && !force)
        {
            return batch;
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await batch.DisposeAsync();
        return NewBatch(connection, transaction);
    }

    private string AddUpsert(DbBatch batch, PooledToken pooled)
    {
        var parameters = RowParameters(pooled);
        SqlBackend.AddCommand(batch, _backend.Dialect.UpsertToken, parameters);
        return (string)parameters[0].Value!;
    }

    private static string AddUpdate(DbBatch batch, TokenUpdate update)
    {
        var (sql, parameters) = BuildUpdate(update);
        SqlBackend.AddCommand(batch, sql, parameters);
        return (string)parameters[0].Value!;
    }

    private static async Task<IReadOnlyList<PooledToken>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var tokens = new List<PooledToken>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadRow(reader));
        }

        return tokens;
    }

    private static PooledToken ReadRow(DbDataReader reader)
    {
        var status = TokenStatusNames.TryParse(Text(reader, 3), out var parsed) ? parsed : TokenStatus.Active;
        var token = new StoredToken
        {
            Token = Text(reader, 1) ?? "",
            Status = status,
            Quota = Int(reader, 4),
            UseCount = Int(reader, 5),
            CreatedAt = Long(reader, 6),
            LastUsedAt = Long(reader, 7),
            FailCount = Int(reader, 8),
            LastFailAt = Long(reader, 9),
            LastFailReason = Text(reader, 10),
            LastSyncAt = Long(reader, 11),
            Tags = StoredTokenJson.ReadTags(Text(reader, 12)),
            Note = Text(reader, 13) ?? "",
            LastAssetClearAt = Long(reader, 14),
            Extra = StoredTokenJson.ReadExtra(Text(reader, 15)),
        };
        return new PooledToken(Text(reader, 2) ?? TokenPools.Basic, token);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static int Int(DbDataReader reader, int ordinal) => (int)Math.Clamp(Long(reader, ordinal) ?? 0, int.MinValue, int.MaxValue);
}
