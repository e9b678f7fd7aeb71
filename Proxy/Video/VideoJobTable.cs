using System.Collections.Concurrent;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// The jobs this instance runs (and keeps until their retention ends), in memory. Other instances' jobs are read
/// from the <see cref="Grok2Api.Storage.Videos.IVideoJobRecordStore"/>. Thread-safe.
/// </summary>
internal sealed class VideoJobTable
{
    private readonly ConcurrentDictionary<string, (long Order, VideoJob Job)> _jobs = new(StringComparer.Ordinal);
    private long _order;

    /// <summary>How many jobs are held.</summary>
    public int Count => _jobs.Count;

    /// <summary>Adds a new job.</summary>
    public void Add(VideoJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_jobs.TryAdd(job.Id, (Interlocked.Increment(ref _order), job)))
        {
            throw new InvalidOperationException("A job with this id exists.");
        }
    }

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public VideoJob? Find(string id) => _jobs.TryGetValue(id, out var entry) ? entry.Job : null;

    /// <summary>Removes the job with <paramref name="id"/>; null when there was none.</summary>
    public VideoJob? Remove(string id) => _jobs.TryRemove(id, out var entry) ? entry.Job : null;

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<VideoJob> All() => [.. _jobs.Values.OrderBy(e => e.Order).Select(e => e.Job)];
}
