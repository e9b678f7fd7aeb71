using System.Text.Json;
using Grok2Api.Storage.Tasks;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The admin batch tasks in <c>DATA_DIR/tasks.json</c>, replaced atomically (<see cref="AtomicFile"/>) one save at a time.
/// A file that does not parse is logged and treated as empty: it is overwritten by the next save.
/// </summary>
internal sealed partial class LocalBatchTaskStore : IBatchTaskStore, IDisposable
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "tasks.json";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ILogger<LocalBatchTaskStore> _logger;

    /// <summary>Creates the store over <c>tasks.json</c> in <paramref name="settings"/>' data directory.</summary>
    public LocalBatchTaskStore(StorageSettings settings, ILogger<LocalBatchTaskStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FilePath = Path.GetFullPath(Path.Combine(settings.DataDirectory, FileName));
        _logger = logger;
    }

    /// <summary>The absolute path of <c>tasks.json</c>.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return ReadUnlocked();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks.Count == 0 ? Task.CompletedTask : RewriteAsync(kept =>
        {
            foreach (var task in tasks)
            {
                var at = kept.FindIndex(k => k.Id == task.Id);
                if (at >= 0)
                {
                    kept[at] = task;
                }
                else
                {
                    kept.Add(task);
                }
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0 ? Task.CompletedTask : RewriteAsync(kept => kept.RemoveAll(k => ids.Contains(k.Id)), cancellationToken);
    }

    private async Task RewriteAsync(Action<List<BatchTaskRecord>> change, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var kept = new List<BatchTaskRecord>(ReadUnlocked());
            change(kept);
            await AtomicFile.WriteAllBytesAsync(FilePath, BatchTaskFile.Write(kept), cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private IReadOnlyList<BatchTaskRecord> ReadUnlocked()
    {
        if (AtomicFile.ReadIfExists(FilePath) is not { } content)
        {
            return [];
        }

        try
        {
            return BatchTaskFile.Read(content);
        }
        catch (JsonException ex)
        {
            Log.Unreadable(_logger, FilePath, ex.Message);
            return [];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writeGate.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1241, EventName = "TaskFileUnreadable", Level = LogLevel.Warning,
            Message = "{Path} does not parse ({Problem}); the batch task history starts empty and the file is replaced at the next save")]
        public static partial void Unreadable(ILogger logger, string path, string problem);
    }
}
