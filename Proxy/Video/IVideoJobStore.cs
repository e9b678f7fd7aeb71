namespace Grok2Api.Proxy.Video;

/// <summary>
/// Where the jobs of the Videos API live. In memory for one instance today
/// (<see cref="InMemoryVideoJobStore"/>); a shared store can take its place later (docs/adr/0007).
/// </summary>
internal interface IVideoJobStore
{
    /// <summary>How many jobs are held.</summary>
    int Count { get; }

    /// <summary>Adds a new job.</summary>
    void Add(VideoJob job);

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    VideoJob? Find(string id);

    /// <summary>Removes the job with <paramref name="id"/>; null when there was none.</summary>
    VideoJob? Remove(string id);

    /// <summary>Every job, oldest first.</summary>
    IReadOnlyList<VideoJob> All();
}
