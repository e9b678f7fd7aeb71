using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Records kept as JSON under one key per id, with a sorted set that indexes the ids by created-at
/// (<c>g2a:task:{id}</c> and <c>g2a:tasks</c>, <c>g2a:video:{id}</c> and <c>g2a:videos</c>): the Redis
/// counterpart of <see cref="Sql.SqlRecordTable"/>. A record that no longer parses, or has no id, is
/// skipped, and a parse failure is logged with its kind.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <param name="connection">The connection.</param>
/// <param name="kind">What a record is (<c>task</c>, <c>video job</c>), for the names of the calls.</param>
/// <param name="index">The sorted set of the ids.</param>
/// <param name="recordKey">The key of one record by id.</param>
/// <param name="json">The JSON of one record.</param>
/// <param name="identify">The id and created-at of a record.</param>
/// <param name="logger">Told why a stored record does not parse.</param>
internal sealed partial class RedisRecordSet<T>(
    RedisConnection connection,
    string kind,
    RedisKey index,
    Func<string, RedisKey> recordKey,
    JsonTypeInfo<T> json,
    Func<T, (string Id, long CreatedAt)> identify,
    ILogger logger)
    where T : class
{
    /// <summary>Every record that reads, in created-at order.</summary>
    /// <param name="newestFirst">Newest first rather than oldest first.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<T>> LoadAsync(bool newestFirst, CancellationToken cancellationToken) =>
        connection.RunAsync($"{kind} load", async db =>
        {
            var ids = await db.SortedSetRangeByRankAsync(index, order: newestFirst ? Order.Descending : Order.Ascending);
            var texts = ids.Length == 0 ? [] : await db.StringGetAsync([.. ids.Select(id => recordKey(id.ToString()))]);
            var records = new List<T>(texts.Length);
            foreach (var text in texts)
            {
                if (Read(text) is { } record)
                {
                    records.Add(record);
                }
            }

            return (IReadOnlyList<T>)records;
        }, cancellationToken);

    /// <summary>The record <paramref name="id"/>, or null when there is none that reads.</summary>
    /// <param name="id">The record id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<T?> FindAsync(string id, CancellationToken cancellationToken) =>
        connection.RunAsync($"{kind} load", async db => Read(await db.StringGetAsync(recordKey(id))), cancellationToken);

    /// <summary>Writes <paramref name="records"/> and their index entries in one transaction.</summary>
    /// <param name="records">The records (none: nothing is sent).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task UpsertAsync(IReadOnlyList<T> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        var rows = records.Select(r => (Key: identify(r), Json: JsonSerializer.SerializeToUtf8Bytes(r, json))).ToList();
        return connection.RunAsync($"{kind} save", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>(rows.Count * 2);
            foreach (var ((id, createdAt), text) in rows)
            {
                writes.Add(transaction.StringSetAsync(recordKey(id), text));
                writes.Add(transaction.SortedSetAddAsync(index, id, createdAt));
            }

            await RedisTransactions.ExecuteAsync(transaction, writes, $"{kind} save");
        }, cancellationToken);
    }

    /// <summary>Removes the records <paramref name="ids"/> and their index entries in one transaction.</summary>
    /// <param name="ids">The record ids (none: nothing is sent).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        return connection.RunAsync($"{kind} delete", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>
            {
                transaction.KeyDeleteAsync([.. ids.Select(recordKey)]),
                transaction.SortedSetRemoveAsync(index, [.. ids.Select(id => (RedisValue)id)]),
            };
            await RedisTransactions.ExecuteAsync(transaction, writes, $"{kind} delete");
        }, cancellationToken);
    }

    private T? Read(RedisValue text)
    {
        if (text.IsNull)
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize((byte[])text!, json);
            return record is not null && identify(record).Id is { Length: > 0 } ? record : null;
        }
        catch (JsonException ex)
        {
            Log.RecordUnreadable(logger, kind, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, EventName = "RedisRecordUnreadable", Level = LogLevel.Warning, Message = "A stored {Kind} record does not parse and was skipped: {Problem}")]
        public static partial void RecordUnreadable(ILogger logger, string kind, string problem);
    }
}

/// <summary>
/// Admin batch tasks: <c>g2a:task:{id}</c> holds the record as JSON, the sorted set <c>g2a:tasks</c>
/// indexes the ids by created-at. A record that no longer parses is skipped (tasks are not precious).
/// </summary>
internal sealed class RedisBatchTaskStore(RedisConnection connection, ILogger logger) : IBatchTaskStore
{
    private readonly RedisRecordSet<BatchTaskRecord> _records = new(connection, "task", RedisKeys.Tasks, RedisKeys.Task,
        RedisJsonContext.Default.BatchTaskRecord, t => (t.Id, t.CreatedAt), logger);

    /// <inheritdoc/>
    public Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken) =>
        _records.LoadAsync(newestFirst: true, cancellationToken); // as tasks.json keeps them

    /// <inheritdoc/>
    public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return _records.UpsertAsync(tasks, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _records.DeleteAsync(ids, cancellationToken);
    }
}

/// <summary>
/// Videos API jobs: <c>g2a:video:{id}</c> holds the record as JSON, the sorted set <c>g2a:videos</c>
/// indexes the ids by created-at (loaded oldest first).
/// </summary>
internal sealed class RedisVideoJobStore(RedisConnection connection, ILogger logger) : IVideoJobRecordStore
{
    private readonly RedisRecordSet<VideoJobRecord> _records = new(connection, "video job", RedisKeys.Videos, RedisKeys.Video,
        RedisJsonContext.Default.VideoJobRecord, j => (j.Id, j.CreatedAt), logger);

    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken) =>
        _records.LoadAsync(newestFirst: false, cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _records.FindAsync(id, cancellationToken);
    }

    /// <inheritdoc/>
    public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _records.UpsertAsync([job], cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _records.DeleteAsync(ids, cancellationToken);
    }
}

/// <summary>Runs a MULTI/EXEC and awaits its queued commands.</summary>
internal static class RedisTransactions
{
    public static async Task ExecuteAsync(ITransaction transaction, List<Task> queued, string what)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"redis: the {what} transaction was not applied");
        }

        await Task.WhenAll(queued);
    }
}
