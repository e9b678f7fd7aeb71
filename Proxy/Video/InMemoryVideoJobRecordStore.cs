using System.Collections.Concurrent;
using Grok2Api.Storage.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// The video job records of a host that registered no <see cref="IVideoJobRecordStore"/>: in memory, for this
/// instance alone (what the Videos API kept before stores held video jobs). Thread-safe.
/// </summary>
internal sealed class InMemoryVideoJobRecordStore : IVideoJobRecordStore
{
    private readonly ConcurrentDictionary<string, (long Order, VideoJobRecord Record)> _records = new(StringComparer.Ordinal);
    private long _order;

    public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VideoJobRecord>>([.. _records.Values.OrderBy(e => e.Record.CreatedAt).ThenBy(e => e.Order).Select(e => e.Record)]);

    public Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(id, out var entry) ? entry.Record : null);

    public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        _records.AddOrUpdate(job.Id, _ => (Interlocked.Increment(ref _order), job), (_, old) => (old.Order, job));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            _records.TryRemove(id, out _);
        }

        return Task.CompletedTask;
    }
}
