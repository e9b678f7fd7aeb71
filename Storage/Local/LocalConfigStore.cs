using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The config tree as <c>DATA_DIR/config.toml</c>. Writes are atomic (temp file and rename), keep
/// the operator's comments and layout, and never replace a file that does not parse.
/// <see cref="Watch"/> reports edits made by anyone else; this instance's own writes are ignored.
/// </summary>
/// <remarks>Thread-safe. Disposing stops watching; loading and saving keep working.</remarks>
public sealed partial class LocalConfigStore : IConfigStore, IConfigBackup, IDisposable
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "config.toml";

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _pollInterval;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _lock = new();
    private byte[]? _lastKnownHash;
    private bool _cleaned;
    private CancellationTokenSource _changed = new();
    private ConfigFileWatcher? _watcher;
    private bool _disposed;

    /// <summary>Creates the store for <c><paramref name="dataDirectory"/>/config.toml</c>.</summary>
    /// <param name="dataDirectory">The data directory (<c>DATA_DIR</c>); created on the first write.</param>
    /// <param name="logger">The logger.</param>
    public LocalConfigStore(string dataDirectory, ILogger<LocalConfigStore> logger)
        : this(dataDirectory, logger, TimeProvider.System, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2))
    {
    }

    internal LocalConfigStore(string dataDirectory, ILogger logger, TimeProvider timeProvider, TimeSpan debounce, TimeSpan pollInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _logger = logger;
        _timeProvider = timeProvider;
        _debounce = debounce;
        _pollInterval = pollInterval;
    }

    /// <summary>The absolute path of config.toml.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public string Source => FilePath;

    /// <inheritdoc/>
    public async Task<JsonObject?> LoadAsync(CancellationToken cancellationToken)
    {
        CleanLeftoversOnce();
        var bytes = await ConfigFileAccess.ReadAsync(FilePath, cancellationToken);
        Remember(bytes);
        return bytes is null ? null : ConfigTomlFile.Parse(ConfigFileAccess.Decode(bytes, FilePath), FilePath);
    }

    /// <inheritdoc/>
    /// <exception cref="ConfigFormatException">The current file does not parse; it is left untouched.</exception>
    public async Task SaveAsync(JsonObject tree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var existing = await ConfigFileAccess.ReadAsync(FilePath, cancellationToken);
            string text;
            if (existing is null)
            {
                text = ConfigTomlFile.Write(tree);
            }
            else
            {
                try
                {
                    text = ConfigTomlFile.Update(ConfigFileAccess.Decode(existing, FilePath), tree, FilePath);
                }
                catch (ConfigFormatException ex)
                {
                    throw new ConfigFormatException($"{FilePath} was not overwritten because it does not parse: {ex.Message}", ex);
                }
            }

            var bytes = ConfigFileAccess.Encode(text);
            if (existing is not null && bytes.AsSpan().SequenceEqual(existing))
            {
                Remember(existing);
                return;
            }

            // Remembered before the rename, so the watcher recognizes this write as our own.
            // The file keeps its mode and owner (a new one is created 0600): it holds the keys.
            Remember(bytes);
            await AtomicFile.WriteAllBytesAsync(FilePath, bytes, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>After <see cref="Dispose"/>, the token never fires.</remarks>
    public IChangeToken Watch()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return new CancellationChangeToken(CancellationToken.None);
            }

            if (_watcher is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                _watcher = new ConfigFileWatcher(FilePath, _timeProvider, _debounce, _pollInterval, OnPossibleChange);
                if (!_watcher.HasEventWatcher)
                {
                    Log.WatchDegraded(_logger, FilePath, _pollInterval.TotalSeconds);
                }
            }

            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <inheritdoc/>
    public async Task<string?> BackupAsync(string label, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        var bytes = await ConfigFileAccess.ReadAsync(FilePath, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var path = $"{FilePath}.{label}.bak";
        for (var n = 2; File.Exists(path); n++)
        {
            path = $"{FilePath}.{label}.{n}.bak";
        }

        // A new file, so 0600 whatever the original's mode: the copy holds the same keys.
        await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken);
        return path;
    }

    /// <summary>Stops watching the file.</summary>
    public void Dispose()
    {
        ConfigFileWatcher? watcher;
        lock (_lock)
        {
            _disposed = true;
            watcher = _watcher;
            _watcher = null;
        }

        watcher?.Dispose();
    }

    private void Remember(byte[]? bytes)
    {
        var hash = ConfigFileAccess.Hash(bytes);
        lock (_lock)
        {
            _lastKnownHash = hash;
        }
    }

    private void CleanLeftoversOnce()
    {
        if (!_cleaned)
        {
            _cleaned = true;
            AtomicFile.CleanLeftovers(FilePath);
        }
    }

    private void OnPossibleChange()
    {
        byte[]? bytes;
        try
        {
            bytes = File.Exists(FilePath) ? File.ReadAllBytes(FilePath) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Caught mid-write; the rest of the write raises another event.
            return;
        }

        var hash = ConfigFileAccess.Hash(bytes);
        CancellationTokenSource changed;
        lock (_lock)
        {
            if (_disposed || (_lastKnownHash is not null && hash.AsSpan().SequenceEqual(_lastKnownHash)))
            {
                return;
            }

            _lastKnownHash = hash;
            changed = _changed;
            _changed = new CancellationTokenSource();
        }

        Log.FileChanged(_logger, FilePath);

        // The old source is not disposed: a late subscriber to its token must still see it cancelled.
        try
        {
            changed.Cancel();
        }
        catch (AggregateException ex)
        {
            // A subscriber threw; this runs on a timer thread, where an exception would end the process.
            Log.SubscriberFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "ConfigFileChanged", Level = LogLevel.Debug, Message = "{Path} was changed on disk")]
        public static partial void FileChanged(ILogger logger, string path);

        [LoggerMessage(EventId = 1160, EventName = "ConfigSubscriberFailed", Level = LogLevel.Error, Message = "A config change subscriber failed")]
        public static partial void SubscriberFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1101, EventName = "ConfigWatchDegraded", Level = LogLevel.Information,
            Message = "File system events are unavailable for {Path}; edits are noticed by polling every {Seconds} s")]
        public static partial void WatchDegraded(ILogger logger, string path, double seconds);
    }
}
