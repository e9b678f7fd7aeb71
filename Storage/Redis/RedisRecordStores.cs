using System.Text.Json;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Videos;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Admin batch tasks: <c>g2a:task:{id}</c> holds the record as JSON, the sorted set <c>g2a:tasks</c>
/// indexes the ids by created-at. A record that no longer parses is skipped (tasks are not precious).
/// </summary>
internal sealed partial class RedisBatchTaskStore(RedisConnection connection, ILogger logger) : IBatchTaskStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken) =>
        connection.RunAsync("task load", async db =>
        {
            // Newest first, as tasks.json keeps them.
            var ids = await db.SortedSetRangeByRankAsync(RedisKeys.Tasks, order: Order.Descending);
            var texts = ids.Length == 0 ? [] : await db.StringGetAsync([.. ids.Select(id => RedisKeys.Task(id.ToString()))]);
            var tasks = new List<BatchTaskRecord>(texts.Length);
            foreach (var text in texts)
            {
                if (text.IsNull)
                {
                    continue;
                }

                try
                {
                    if (JsonSerializer.Deserialize((byte[])text!, RedisJsonContext.Default.BatchTaskRecord) is { Id.Length: > 0 } task)
                    {
                        tasks.Add(task);
                    }
                }
                catch (JsonException ex)
                {
                    Log.RecordUnreadable(logger, "task", ex.Message);
                }
            }

            return (IReadOnlyList<BatchTaskRecord>)tasks;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0)
        {
            return Task.CompletedTask;
        }

        var records = tasks.Select(t => (t.Id, t.CreatedAt, Json: JsonSerializer.SerializeToUtf8Bytes(t, RedisJsonContext.Default.BatchTaskRecord))).ToList();
        return connection.RunAsync("task save", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>(records.Count * 2);
            foreach (var (id, createdAt, json) in records)
            {
                writes.Add(transaction.StringSetAsync(RedisKeys.Task(id), json));
                writes.Add(transaction.SortedSetAddAsync(RedisKeys.Tasks, id, createdAt));
            }

            await RedisTransactions.ExecuteAsync(transaction, writes, "task save");
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        return connection.RunAsync("task delete", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>
            {
                transaction.KeyDeleteAsync([.. ids.Select(RedisKeys.Task)]),
                transaction.SortedSetRemoveAsync(RedisKeys.Tasks, [.. ids.Select(id => (RedisValue)id)]),
            };
            await RedisTransactions.ExecuteAsync(transaction, writes, "task delete");
        }, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, EventName = "RedisRecordUnreadable", Level = LogLevel.Warning, Message = "A stored {Kind} record does not parse and was skipped: {Problem}")]
        public static partial void RecordUnreadable(ILogger logger, string kind, string problem);
    }
}

/// <summary>
/// Videos API jobs: <c>g2a:video:{id}</c> holds the record as JSON, the sorted set <c>g2a:videos</c>
/// indexes the ids by created-at (loaded oldest first).
/// </summary>
internal sealed partial class RedisVideoJobStore(RedisConnection connection, ILogger logger) : IVideoJobRecordStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken) =>
        connection.RunAsync("video job load", async db =>
        {
            var ids = await db.SortedSetRangeByRankAsync(RedisKeys.Videos, order: Order.Ascending);
            var texts = ids.Length == 0 ? [] : await db.StringGetAsync([.. ids.Select(id => RedisKeys.Video(id.ToString()))]);
            var jobs = new List<VideoJobRecord>(texts.Length);
            foreach (var text in texts)
            {
                if (Read(text) is { } job)
                {
                    jobs.Add(job);
                }
            }

            return (IReadOnlyList<VideoJobRecord>)jobs;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return connection.RunAsync("video job load", async db => Read(await db.StringGetAsync(RedisKeys.Video(id))), cancellationToken);
    }

    /// <inheritdoc/>
    public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var json = JsonSerializer.SerializeToUtf8Bytes(job, RedisJsonContext.Default.VideoJobRecord);
        return connection.RunAsync("video job save", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>
            {
                transaction.StringSetAsync(RedisKeys.Video(job.Id), json),
                transaction.SortedSetAddAsync(RedisKeys.Videos, job.Id, job.CreatedAt),
            };
            await RedisTransactions.ExecuteAsync(transaction, writes, "video job save");
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        return connection.RunAsync("video job delete", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>
            {
                transaction.KeyDeleteAsync([.. ids.Select(RedisKeys.Video)]),
                transaction.SortedSetRemoveAsync(RedisKeys.Videos, [.. ids.Select(id => (RedisValue)id)]),
            };
            await RedisTransactions.ExecuteAsync(transaction, writes, "video job delete");
        }, cancellationToken);
    }

    private VideoJobRecord? Read(RedisValue text)
    {
        if (text.IsNull)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((byte[])text!, RedisJsonContext.Default.VideoJobRecord) is { Id.Length: > 0 } job ? job : null;
        }
        catch (JsonException ex)
        {
            Log.RecordUnreadable(logger, "video job", ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1321, EventName = "RedisVideoRecordUnreadable", Level = LogLevel.Warning, Message = "A stored {Kind} record does not parse and was skipped: {Problem}")]
        public static partial void RecordUnreadable(ILogger logger, string kind, string problem);
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
