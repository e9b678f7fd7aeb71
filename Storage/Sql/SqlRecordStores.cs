using Grok2Api.Storage.Shared;

namespace Grok2Api.Storage.Sql;

/// <summary>A table of JSON records by id with an indexed created-at column (<c>g2a_tasks</c>, <c>g2a_video_jobs</c>).</summary>
internal sealed class SqlRecordTable(SqlBackend backend, string table)
{
    private const int IdsPerStatement = 500;

    /// <summary>Every record that reads, in created-at order; one that does not is logged and skipped.</summary>
    /// <typeparam name="T">The record.</typeparam>
    /// <param name="newestFirst">Newest first rather than oldest first.</param>
    /// <param name="read">Reads one record's JSON; null when it does not parse.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IReadOnlyList<T>> LoadAsync<T>(bool newestFirst, Func<string, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        var records = new List<T>();
        foreach (var (id, data) in await LoadRowsAsync(newestFirst, cancellationToken))
        {
            if (read(data) is { } record)
            {
                records.Add(record);
            }
            else
            {
                SqlLog.RecordUnreadable(backend.Logger, backend.Kind, table, id);
            }
        }

        return records;
    }

    private async Task<List<(string Id, string Data)>> LoadRowsAsync(bool newestFirst, CancellationToken cancellationToken) =>
        await backend.RunAsync($"loading {table}", async (connection, ct) =>
        {
            var order = newestFirst ? "created_at DESC, id DESC" : "created_at, id";
            await using var command = SqlBackend.CreateCommand(connection, null, $"SELECT id, data FROM {table} ORDER BY {order}");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }, cancellationToken);

    public async Task<string?> FindAsync(string id, CancellationToken cancellationToken) =>
        await backend.RunAsync($"reading {table}", async (connection, ct) =>
        {
            await using var command = SqlBackend.CreateCommand(connection, null, $"SELECT data FROM {table} WHERE id = @id", ("id", id));
            return await command.ExecuteScalarAsync(ct) as string;
        }, cancellationToken);

    public Task UpsertAsync(IReadOnlyList<(string Id, long CreatedAt, string Data)> records, CancellationToken cancellationToken) =>
        records.Count == 0 ? Task.CompletedTask : backend.InTransactionAsync($"writing {table}", async (connection, transaction, ct) =>
        {
            foreach (var chunk in records.Chunk(SqlTokenStore.BatchSize))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var (id, createdAt, data) in chunk)
                {
                    SqlBackend.AddCommand(batch, backend.Dialect.UpsertRecord(table), ("id", id), ("c", createdAt), ("d", data));
                }

                await batch.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, cancellationToken);

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : backend.InTransactionAsync($"deleting from {table}", async (connection, transaction, ct) =>
        {
            foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(IdsPerStatement))
            {
                var names = chunk.Select((_, i) => "i" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                await SqlBackend.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE id IN ({string.Join(", ", names.Select(n => "@" + n))})", ct,
                    [.. chunk.Select((id, i) => (names[i], (object?)id))]);
            }

            return true;
        }, cancellationToken);
}

/// <summary>Admin batch tasks in <c>g2a_tasks</c>, one JSON record per task.</summary>
internal sealed class SqlBatchTaskStore(SqlBackend backend) : IBatchTaskStore
{
    private readonly SqlRecordTable _table = new(backend, "g2a_tasks");

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken) =>
        _table.LoadAsync(newestFirst: true, StoreRecordJson.ReadTask, cancellationToken);

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return _table.UpsertAsync([.. tasks.Select(t => (t.Id, t.CreatedAt, StoreRecordJson.Write(t)))], cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _table.DeleteAsync(ids, cancellationToken);
    }
}

/// <summary>Videos API jobs in <c>g2a_video_jobs</c>, one JSON record per job.</summary>
internal sealed class SqlVideoJobStore(SqlBackend backend) : IVideoJobRecordStore
{
    private readonly SqlRecordTable _table = new(backend, "g2a_video_jobs");

    /// <inheritdoc />
    public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken) =>
        _table.LoadAsync(newestFirst: false, StoreRecordJson.ReadVideoJob, cancellationToken);

    /// <inheritdoc />
    public async Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return StoreRecordJson.ReadVideoJob(await _table.FindAsync(id, cancellationToken));
    }

    /// <inheritdoc />
    public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _table.UpsertAsync([(job.Id, job.CreatedAt, StoreRecordJson.Write(job))], cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _table.DeleteAsync(ids, cancellationToken);
    }
}

/// <summary>Leases in <c>g2a_leases</c>, expiring by the database clock.</summary>
internal sealed class SqlLeases(SqlBackend backend) : Coordination.IStoreLeases
{
    /// <inheritdoc />
    public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return backend.RunAsync("taking a lease", (connection, ct) => backend.Dialect.TryAcquireLeaseAsync(connection, name, backend.Instance.Id, ttl, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return backend.RunAsync("releasing a lease", async (connection, ct) =>
            await SqlBackend.ExecuteAsync(connection, null, "DELETE FROM g2a_leases WHERE name = @n AND owner = @o", ct, ("n", name), ("o", backend.Instance.Id)), cancellationToken);
    }
}
