namespace Grok2Api.Storage.Local;

/// <summary>
/// Calls back, debounced, when one file may have changed. A <see cref="FileSystemWatcher"/> gives
/// quick notice; a slow poll of size and modification time catches what it misses (network and
/// container mounts, exhausted inotify limits). Callers decide whether the content really changed.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private readonly string _path;
    private readonly string _fileName;
    private readonly Action _onPossibleChange;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _debounceTimer;
    private readonly ITimer _pollTimer;
    private readonly TimeSpan _debounce;
    private readonly Lock _lock = new();
    private (bool Exists, long Length, DateTime Modified) _lastSeen;
    private bool _disposed;

    public ConfigFileWatcher(string path, TimeProvider timeProvider, TimeSpan debounce, TimeSpan pollInterval, Action onPossibleChange)
    {
        _path = path;
        _fileName = Path.GetFileName(path);
        _onPossibleChange = onPossibleChange;
        _debounce = debounce;
        _lastSeen = Stat();
        _debounceTimer = timeProvider.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pollTimer = timeProvider.CreateTimer(_ => Poll(), null, pollInterval, pollInterval);
        _watcher = TryCreateWatcher(Path.GetDirectoryName(path)!);
    }

    /// <summary>Whether the quick (file system event) path is active; polling always is.</summary>
    public bool HasEventWatcher => _watcher is not null;

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _debounceTimer.Dispose();
        _pollTimer.Dispose();
    }

    private FileSystemWatcher? TryCreateWatcher(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Polling alone still notices every edit, only later.
            return null;
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        if (string.Equals(e.Name, _fileName, StringComparison.Ordinal)
            || (e is RenamedEventArgs renamed && string.Equals(renamed.OldName, _fileName, StringComparison.Ordinal)))
        {
            Schedule();
        }
    }

    private void Poll()
    {
        var seen = Stat();
        bool changed;
        lock (_lock)
        {
            changed = seen != _lastSeen;
            _lastSeen = seen;
        }

        if (changed)
        {
            Schedule();
        }
    }

    // Editors write in several steps (truncate, write, rename); wait for the burst to end.
    private void Schedule()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _lastSeen = Stat();
        }

        _onPossibleChange();
    }

    private (bool Exists, long Length, DateTime Modified) Stat()
    {
        try
        {
            var info = new FileInfo(_path);
            return info.Exists ? (true, info.Length, info.LastWriteTimeUtc) : (false, 0, default);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (false, 0, default);
        }
    }
}
