using System.Globalization;
using System.Text;

namespace Grok2Api.Storage.Local;

/// <summary>
/// An exclusive, process-wide lock on a data directory: local storage is single-instance, so a
/// second process (or a second acquire in the same process) on the same <c>DATA_DIR</c> fails at
/// startup instead of overwriting the first one's files. The lock is an OS file lock on
/// <c>DATA_DIR/.grok2api.lock</c> (<c>flock</c> on Linux), released when the instance is disposed or
/// when the process ends in any way, including SIGKILL.
/// </summary>
/// <remarks>
/// Keep the instance referenced for the whole life of the process (for example as a DI singleton):
/// if it is collected, its file handle is finalized and the lock is released. The holder's process
/// id is written to <c>DATA_DIR/.grok2api.pid</c> so that a refused process can name it. On Linux
/// the lock is not taken when <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set.
/// </remarks>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The name of the lock file inside the data directory.</summary>
    public const string LockFileName = ".grok2api.lock";

    /// <summary>The name of the file holding the current holder's process id.</summary>
    public const string PidFileName = ".grok2api.pid";

    private readonly FileStream _lock;
    private readonly string _pidFile;

    private DataDirectoryLock(string dataDirectory, FileStream fileLock)
    {
        DataDirectory = dataDirectory;
        _lock = fileLock;
        _pidFile = Path.Combine(dataDirectory, PidFileName);
    }

    /// <summary>The absolute path of the locked directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Takes the lock on <paramref name="dataDirectory"/>, creating the directory when needed. Does not wait.</summary>
    /// <param name="dataDirectory">The data directory (<c>DATA_DIR</c>).</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="DataDirectoryLockedException">Another process, or another holder in this process, has the lock.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var lockPath = Path.Combine(directory, LockFileName);
        FileStream stream;
        try
        {
            // FileShare.None makes .NET take a non-blocking exclusive flock on Unix (a share lock on Windows).
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            var holder = ReadHolder(Path.Combine(directory, PidFileName));
            throw new DataDirectoryLockedException(Describe(directory, holder), ex)
            {
                DataDirectory = directory,
                HolderProcessId = holder,
            };
        }

        var held = new DataDirectoryLock(directory, stream);
        held.WritePid();
        return held;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (ReadHolder(_pidFile) == Environment.ProcessId)
        {
            TryDelete(_pidFile);
        }

        _lock.Dispose();
    }

    private static string Describe(string directory, int? holder)
    {
        var who = holder is { } pid ? $"another Grok2Api process (pid {pid.ToString(CultureInfo.InvariantCulture)})" : "another Grok2Api process";
        return $"The data directory '{directory}' is already in use by {who}. "
            + "Local storage (SERVER_STORAGE_TYPE=local) is single-instance: stop the other process or give this one its own DATA_DIR. "
            + "To run several instances, use a shared store: SERVER_STORAGE_TYPE=redis, pgsql or mysql with SERVER_STORAGE_URL.";
    }

    private static int? ReadHolder(string pidFile)
    {
        try
        {
            var text = File.ReadAllText(pidFile, Encoding.UTF8).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void WritePid()
    {
        // The pid goes to a separate file: the lock file itself cannot be opened by the refused process.
        var pid = Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        try
        {
            File.WriteAllBytes(_pidFile, pid);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
