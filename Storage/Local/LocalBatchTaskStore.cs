using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The admin batch tasks in <c>DATA_DIR/tasks.json</c>, a <see cref="LocalRecordFile{T}"/> (replaced atomically
/// one save at a time). A file that does not parse is logged and treated as empty: it is overwritten by the next save.
/// </summary>
internal sealed partial class LocalBatchTaskStore : IBatchTaskStore, IDisposable
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "tasks.json";

    private readonly LocalRecordFile<BatchTaskRecord> _file;

    /// <summary>Creates the store over <c>tasks.json</c> in <paramref name="settings"/>' data directory.</summary>
    public LocalBatchTaskStore(StorageSettings settings, ILogger<LocalBatchTaskStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = Path.GetFullPath(Path.Combine(settings.DataDirectory, FileName));
        _file = new LocalRecordFile<BatchTaskRecord>(path, t => t.Id, content => BatchTaskFile.Read(content), BatchTaskFile.Write, problem => Log.Unreadable(logger, path, problem));
    }

    /// <summary>The absolute path of <c>tasks.json</c>.</summary>
    public string FilePath => _file.FilePath;

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken) => _file.LoadAsync(cancellationToken);

    /// <inheritdoc />
    public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return _file.UpsertAsync(tasks, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _file.DeleteAsync(ids, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1241, EventName = "TaskFileUnreadable", Level = LogLevel.Warning,
            Message = "{Path} does not parse ({Problem}); the batch task history starts empty and the file is replaced at the next save")]
        public static partial void Unreadable(ILogger logger, string path, string problem);
    }
}
