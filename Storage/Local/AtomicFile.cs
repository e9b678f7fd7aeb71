namespace Grok2Api.Storage.Local;

/// <summary>
/// Replaces a file atomically: the content goes to a temporary file in the same directory, is
/// flushed to disk, and is then renamed over the target. A process killed at any moment leaves
/// either the old file or the new one, never a mix.
/// </summary>
/// <remarks>
/// Every file written here holds secrets (token.json, config.toml, its backups). On Unix a new file is
/// created 0600, and a file that exists keeps its mode and (when running as root) its owner and group:
/// the temporary file is created 0600 before anything is written to it, given the target's mode and
/// owner once written, and only then renamed over it, so the secret is never readable by anyone the
/// operator did not allow, not even briefly.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="content"/>.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="content">The new content.</param>
    /// <param name="cancellationToken">Cancels before the rename; the target is then untouched.</param>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var existingMode = TryGetMode(fullPath);
        var existingOwner = existingMode is null ? null : UnixFileOwner.TryGet(fullPath);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    KeepOwnerAndMode(stream, existingOwner, existingMode ?? OwnerOnly);
                }

                // Flush(true) forces the data to the device (fsync) before the rename makes it visible.
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The mode of a new file: read and write for its owner only.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads a file written by <see cref="WriteAllBytesAsync"/>, after removing what an interrupted write left; null when it does not exist.</summary>
    /// <param name="path">The file.</param>
    public static byte[]? ReadIfExists(string path)
    {
        CleanLeftovers(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes temporary files a killed process may have left next to <paramref name="path"/>.</summary>
    /// <param name="path">The target file whose leftovers to remove.</param>
    public static void CleanLeftovers(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, $".{Path.GetFileName(fullPath)}.*.tmp"))
        {
            TryDelete(leftover);
        }
    }

    private static UnixFileMode? TryGetMode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            return File.GetUnixFileMode(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives the written temporary file the target's owner (a no-op unless running as root, the only
    /// user who can give a file away) and then its mode; the owner first, because changing it may
    /// clear mode bits.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void KeepOwnerAndMode(FileStream stream, (uint User, uint Group)? owner, UnixFileMode mode)
    {
        if (owner is { } wanted && UnixFileOwner.TryGet(stream.Name) is { } current && current != wanted)
        {
            UnixFileOwner.TrySet(stream.SafeFileHandle, wanted);
        }

        File.SetUnixFileMode(stream.SafeFileHandle, mode);
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
}
