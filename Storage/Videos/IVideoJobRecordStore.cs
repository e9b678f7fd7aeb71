namespace Grok2Api.Storage.Videos;

/// <summary>
/// The jobs of the Videos API, one record per job. Writes are per job. The local store keeps
/// <c>DATA_DIR/video_jobs.json</c>; shared stores keep a record per job so that any instance answers.
/// </summary>
public interface IVideoJobRecordStore
{
    /// <summary>Every stored job, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the job, by id.</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken);

    /// <summary>Removes the jobs with these ids; unknown ids are ignored.</summary>
    /// <param name="ids">Job ids.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
