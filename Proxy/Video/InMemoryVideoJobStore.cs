using System.Collections.Concurrent;

namespace Grok2Api.Proxy.Video;

/// <summary>The jobs of this instance, in memory. Thread-safe.</summary>
internal sealed class InMemoryVideoJobStore : IVideoJobStore
{
    private readonly ConcurrentDictionary<string, (long Order, VideoJob Job)> _jobs = new(StringComparer.Ordinal);
    private long _order;

    public int Count => _jobs.Count;

    public void Add(VideoJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_jobs.TryAdd(job.Id, (Interlocked.Increment(ref _order), job)))
        {
            throw new InvalidOperationException("A job with this id exists.");
        }
    }

    public VideoJob? Find(string id) => _jobs.TryGetValue(id, out var entry) ? entry.Job : null;

    public VideoJob? Remove(string id) => _jobs.TryRemove(id, out var entry) ? entry.Job : null;

    public IReadOnlyList<VideoJob> All() => [.. _jobs.Values.OrderBy(e => e.Order).Select(e => e.Job)];
}
