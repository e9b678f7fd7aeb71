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
            AtomicFile.CleanLeftovers(FilePath);
            byte[] content;
            try
            {
                content = await File.ReadAllBytesAsync(FilePath, cancellationToken);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
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
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var content = BatchTaskFile.Write(tasks);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await AtomicFile.WriteAllBytesAsync(FilePath, content, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
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
