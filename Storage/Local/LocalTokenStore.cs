using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// Token persistence in <c>DATA_DIR/token.json</c> (docs/compatibility.md §5). The last durable document is
/// kept in memory; a save applies its batch to a copy and replaces the whole file atomically, one
/// save at a time. A failed or cancelled save leaves both the file and the in-memory copy as they
/// were. A file that does not parse stops the load and is never overwritten.
/// </summary>
internal sealed partial class LocalTokenStore : ITokenStore, IDisposable
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "token.json";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LocalTokenStore> _logger;
    private TokenDocument? _durable;

    /// <summary>Creates the store over <c>token.json</c> in <paramref name="settings"/>' data directory.</summary>
    public LocalTokenStore(StorageSettings settings, TimeProvider timeProvider, ILogger<LocalTokenStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FilePath = Path.GetFullPath(Path.Combine(settings.DataDirectory, FileName));
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The absolute path of <c>token.json</c>.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    /// <exception cref="TokenFileFormatException">The file does not parse; it is left untouched.</exception>
    public async Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var document = await ReadFileAsync(cancellationToken);
            _durable = document;
            return document.ToPooledTokens();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="TokenFileFormatException">The file was never loaded and does not parse; it is left untouched.</exception>
    /// <exception cref="ArgumentException">An upsert has a blank token or pool.</exception>
    public async Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // Never write over a file that was not read successfully: it may hold data we could not parse.
            var current = _durable ?? await ReadFileAsync(cancellationToken);
            _durable = current;
            var next = current.Apply(changes);
            await AtomicFile.WriteAllBytesAsync(FilePath, TokenFileCodec.Write(next), cancellationToken);
            _durable = next;
            Log.Saved(_logger, changes.Upserts.Count + changes.Updates.Count, changes.Deletes.Count, next.Count);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writeGate.Dispose();

    private async Task<TokenDocument> ReadFileAsync(CancellationToken cancellationToken)
    {
        AtomicFile.CleanLeftovers(FilePath);
        FileStream file;
        try
        {
            // Read a buffer at a time, not whole: a file of 100,000 tokens is 50 MB (TokenFileReader).
            file = new FileStream(FilePath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0 });
        }
        catch (FileNotFoundException)
        {
            Log.NoFile(_logger, FilePath);
            return TokenDocument.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            Log.NoFile(_logger, FilePath);
            return TokenDocument.Empty;
        }

        // Entries without created_at (bare strings, hand-written records) get the file's modification
        // time: stable across restarts, so listings and the refresh schedule do not shift, and the
        // file is not rewritten just for loading.
        TokenFileReadResult result;
        await using (file)
        {
            var createdAtFallback = new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle), TimeSpan.Zero).ToUnixTimeMilliseconds();
            result = await TokenFileCodec.ReadAsync(file, FilePath, createdAtFallback, cancellationToken);
        }

        foreach (var warning in result.Warnings)
        {
            Log.EntryRepaired(_logger, FilePath, warning.Pool, warning.Index, warning.TokenId ?? "-", warning.Message);
        }

        Log.Loaded(_logger, result.Document.Count, result.Document.Pools.Count, FilePath);
        return result.Document;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, EventName = "TokenFileLoaded", Level = LogLevel.Information, Message = "Loaded {Count} tokens in {Pools} pools from {Path}")]
        public static partial void Loaded(ILogger logger, int count, int pools, string path);

        [LoggerMessage(EventId = 1202, EventName = "TokenFileMissing", Level = LogLevel.Information, Message = "{Path} does not exist yet; starting with no tokens")]
        public static partial void NoFile(ILogger logger, string path);

        [LoggerMessage(EventId = 1203, EventName = "TokenFileEntryRepaired", Level = LogLevel.Warning, Message = "{Path}: pool {Pool}, entry {Index}, token id {TokenId}: {Problem}")]
        public static partial void EntryRepaired(ILogger logger, string path, string pool, int index, string tokenId, string problem);

        [LoggerMessage(EventId = 1204, EventName = "TokenFileSaved", Level = LogLevel.Debug, Message = "Saved token changes: {Upserts} upserts, {Deletes} deletes, {Count} tokens stored")]
        public static partial void Saved(ILogger logger, int upserts, int deletes, int count);
    }
}
