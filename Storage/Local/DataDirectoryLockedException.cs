namespace Grok2Api.Storage.Local;

/// <summary>
/// Another process holds the data directory: local storage is single-instance. The message names
/// the directory, the holder's process id when it can be read, and what to do instead.
/// </summary>
public sealed class DataDirectoryLockedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataDirectoryLockedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The operator-facing explanation.</param>
    public DataDirectoryLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The operator-facing explanation.</param>
    /// <param name="innerException">The error of the failed lock attempt.</param>
    public DataDirectoryLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The data directory that is in use.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The process id of the holder, when it could be read.</summary>
    public int? HolderProcessId { get; init; }
}
