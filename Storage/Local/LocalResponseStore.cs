using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// Stored responses as one file per response, <c>DATA_DIR/responses/&lt;id&gt;.json</c>, each
/// replaced atomically (<see cref="AtomicFile"/>). The file is a small JSON envelope
/// (<see cref="ResponseFile"/>): version, id, <c>expires_at</c> and <c>created_at</c> first, then the
/// two documents as base64 (<c>response</c>, <c>context</c>), so any bytes come back exactly as
/// written. On Unix the directory is 0700 and every file 0600. An id that is not
/// <see cref="ResponseIds.IsValid"/> is never turned into a path, so no id can reach another file.
/// Writes (put, delete, purge) take turns; reads do not wait (a rename is atomic). A file that does
/// not parse reads as absent and is removed by the next purge (responses are not precious).
/// </summary>
internal sealed partial class LocalResponseStore : IResponseRecordStore, IDisposable
{
    /// <summary>The directory name under the data directory.</summary>
    public const string DirectoryName = "responses";

    /// <summary>The mode of the directory on Unix: owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const string Extension = ".json";

    // The envelope's head: expires_at is read from the first bytes of a file when purging.
    private const int HeadBytes = 512;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;

    /// <summary>Creates the store over <c>responses/</c> in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The data directory; <c>responses/</c> is created on the first write.</param>
    /// <param name="logger">The logger.</param>
    public LocalResponseStore(string dataDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        DirectoryPath = Path.GetFullPath(Path.Combine(dataDirectory, DirectoryName));
        _logger = logger;
    }

    /// <summary>The absolute path of <c>responses/</c>.</summary>
    public string DirectoryPath { get; }

    /// <summary>The file of a valid <paramref name="id"/>.</summary>
    /// <param name="id">A response id that <see cref="ResponseIds.IsValid"/> accepts.</param>
    public string FileOf(string id) => Path.Combine(DirectoryPath, id + Extension);

    /// <inheritdoc />
    public async Task PutAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ResponseIds.ThrowIfInvalid(response);
        var content = JsonSerializer.SerializeToUtf8Bytes(ResponseFile.Of(response), ResponseFileJsonContext.Default.ResponseFile);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureDirectory();
            await AtomicFile.WriteAllBytesAsync(FileOf(response.Id), content, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<StoredResponse?> FindAsync(string id, long now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!ResponseIds.IsValid(id))
        {
            return Task.FromResult<StoredResponse?>(null);
        }

        return Task.FromResult(Read(id) is { } found && found.ExpiresAt > now ? found : null);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!ResponseIds.IsValid(id))
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var live = Read(id) is { } found && found.ExpiresAt > now;
            Remove(FileOf(id));
            return live;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(long now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(DirectoryPath))
            {
                return 0;
            }

            var purged = 0;
            foreach (var path in Directory.EnumerateFiles(DirectoryPath))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(path);

                // Under the gate no write is under way: a temporary file is what a killed process left.
                if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    Remove(path);
                    continue;
                }

                if (!name.EndsWith(Extension, StringComparison.Ordinal) || !ResponseIds.IsValid(name[..^Extension.Length]))
                {
                    continue;
                }

                switch (ReadExpiresAt(path))
                {
                    case null:
                        continue;
                    case long.MinValue:
                        Remove(path);
                        break;
                    case long expiresAt when expiresAt <= now:
                        Remove(path);
                        purged++;
                        break;
                }
            }

            return purged;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private StoredResponse? Read(string id)
    {
        var path = FileOf(id);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var file = Parse(path, content);
        return file is not null && string.Equals(file.Id, id, StringComparison.Ordinal) ? file.ToRecord() : null;
    }

    /// <summary>
    /// The expiry of the file at <paramref name="path"/>, read from its head where possible:
    /// null when it is gone, <see cref="long.MinValue"/> when it does not parse.
    /// </summary>
    private long? ReadExpiresAt(string path)
    {
        byte[] head;
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            head = new byte[HeadBytes];
            read = stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (HeadExpiresAt(head.AsSpan(0, read)) is { } expiresAt)
        {
            return expiresAt;
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(path, content)?.ExpiresAt ?? long.MinValue;
    }

    /// <summary><c>expires_at</c> when it is among the top-level properties in <paramref name="head"/>.</summary>
    private static long? HeadExpiresAt(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("expires_at"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private ResponseFile? Parse(string path, byte[] content)
    {
        try
        {
            var file = JsonSerializer.Deserialize(content, ResponseFileJsonContext.Default.ResponseFile);
            if (file is { Id: not null, Response: not null, Context: not null })
            {
                return file;
            }

            Log.Unreadable(_logger, path, "a field is missing");
        }
        catch (JsonException ex)
        {
            Log.Unreadable(_logger, path, ex.Message);
        }

        return null;
    }

    private void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DirectoryPath);
            return;
        }

        if (!Directory.Exists(DirectoryPath))
        {
            Directory.CreateDirectory(DirectoryPath, DirectoryMode);
        }

        // A directory made by hand (or an older build) is narrowed too; the umask may have narrowed a new one further.
        if (File.GetUnixFileMode(DirectoryPath) != DirectoryMode)
        {
            File.SetUnixFileMode(DirectoryPath, DirectoryMode);
        }
    }

    private static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1260, EventName = "ResponseFileUnreadable", Level = LogLevel.Warning,
            Message = "{Path} does not parse ({Problem}); the response reads as absent and the next purge removes the file")]
        public static partial void Unreadable(ILogger logger, string path, string problem);
    }
}

/// <summary>
/// The document of one <c>responses/&lt;id&gt;.json</c>, in snake_case: the expiry first (a purge
/// reads only the head of each file), the documents as base64.
/// </summary>
/// <param name="Version">The format version (1).</param>
/// <param name="Id">The response id.</param>
/// <param name="ExpiresAt">When it stops being served, Unix seconds.</param>
/// <param name="CreatedAt">When it was created, Unix seconds.</param>
/// <param name="Response">The response object (JSON bytes).</param>
/// <param name="Context">The conversation context (JSON bytes).</param>
internal sealed record ResponseFile(int Version, string? Id, long ExpiresAt, long CreatedAt, byte[]? Response, byte[]? Context)
{
    public const int CurrentVersion = 1;

    public static ResponseFile Of(StoredResponse response) =>
        new(CurrentVersion, response.Id, response.ExpiresAt, response.CreatedAt, response.Response, response.Context);

    public StoredResponse ToRecord() => new()
    {
        Id = Id!,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
        Response = Response!,
        Context = Context!,
    };
}

/// <summary>Source-generated JSON of <c>responses/&lt;id&gt;.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ResponseFile))]
internal sealed partial class ResponseFileJsonContext : JsonSerializerContext;
