using System.Text.Json;

namespace Grok2Api.Storage.Local;

/// <summary>
/// A JSON file of records keyed by id under the data directory (<c>tasks.json</c>, <c>video_jobs.json</c>),
/// replaced atomically (<see cref="AtomicFile"/>) one write at a time; reads wait for a write under way.
/// Each write inserts, replaces or removes records by id and keeps the others as stored, and is skipped
/// when it changes nothing. A file that does not parse is reported to <c>unreadable</c> and read as empty
/// (the records are not precious): the next write replaces it.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <param name="filePath">The absolute path of the file.</param>
/// <param name="idOf">The id of a record.</param>
/// <param name="read">Parses the file's content (throws <see cref="JsonException"/> when it does not parse).</param>
/// <param name="write">The content of a file holding the records.</param>
/// <param name="unreadable">Reports a file that does not parse, with the parser's message.</param>
internal sealed class LocalRecordFile<T>(string filePath, Func<T, string> idOf, Func<byte[], List<T>> read, Func<List<T>, byte[]> write, Action<string> unreadable) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The absolute path of the file.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>The records as stored.</summary>
    public async Task<IReadOnlyList<T>> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return ReadUnlocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replaces the records with the ids of <paramref name="records"/> and adds the others, in order.</summary>
    public Task UpsertAsync(IReadOnlyList<T> records, CancellationToken cancellationToken) =>
        records.Count == 0 ? Task.CompletedTask : RewriteAsync(kept =>
        {
            foreach (var record in records)
            {
                var id = idOf(record);
                var at = kept.FindIndex(k => string.Equals(idOf(k), id, StringComparison.Ordinal));
                if (at >= 0)
                {
                    kept[at] = record;
                }
                else
                {
                    kept.Add(record);
                }
            }

            return true;
        }, cancellationToken);

    /// <summary>Removes the records with <paramref name="ids"/>; unknown ids are ignored.</summary>
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        return RewriteAsync(kept => kept.RemoveAll(k => wanted.Contains(idOf(k))) > 0, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task RewriteAsync(Func<List<T>, bool> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var kept = ReadUnlocked();
            if (change(kept))
            {
                await AtomicFile.WriteAllBytesAsync(FilePath, write(kept), cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<T> ReadUnlocked()
    {
        if (AtomicFile.ReadIfExists(FilePath) is not { } content)
        {
            return [];
        }

        try
        {
            return read(content);
        }
        catch (JsonException ex)
        {
            unreadable(ex.Message);
            return [];
        }
    }
}
