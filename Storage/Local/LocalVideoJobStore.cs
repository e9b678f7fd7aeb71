using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Local;

/// <summary>
/// The jobs of the Videos API in <c>DATA_DIR/video_jobs.json</c>, a <see cref="LocalRecordFile{T}"/> (replaced
/// atomically one write at a time), oldest first. Each write inserts, replaces or removes single jobs; the other jobs
/// are kept as stored. A file that does not parse is logged and treated as empty (jobs are not precious): the next
/// write replaces it.
/// </summary>
internal sealed partial class LocalVideoJobStore : IVideoJobRecordStore, IDisposable
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "video_jobs.json";

    private readonly LocalRecordFile<VideoJobRecord> _file;

    /// <summary>Creates the store over <c>video_jobs.json</c> in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The data directory; created on the first write.</param>
    /// <param name="logger">The logger.</param>
    public LocalVideoJobStore(string dataDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        _file = new LocalRecordFile<VideoJobRecord>(path, j => j.Id, Read, Write, problem => Log.Unreadable(logger, path, problem));
    }

    /// <summary>The absolute path of <c>video_jobs.json</c>.</summary>
    public string FilePath => _file.FilePath;

    /// <inheritdoc />
    public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken) => _file.LoadAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var jobs = await LoadAsync(cancellationToken);
        return jobs.FirstOrDefault(j => string.Equals(j.Id, id, StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(job.Id);
        return _file.UpsertAsync([job], cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _file.DeleteAsync(ids, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static List<VideoJobRecord> Read(byte[] content)
    {
        var file = JsonSerializer.Deserialize(content, VideoJobJsonContext.Default.VideoJobFile)
            ?? throw new JsonException($"{FileName} holds null");
        return SortOldestFirst([.. (file.Jobs ?? []).Where(j => j is not null && !string.IsNullOrEmpty(j.Id))]);
    }

    private static byte[] Write(List<VideoJobRecord> jobs) =>
        JsonSerializer.SerializeToUtf8Bytes(new VideoJobFile(VideoJobFile.CurrentVersion, SortOldestFirst(jobs)), VideoJobJsonContext.Default.VideoJobFile);

    // A stable sort: jobs created in the same second keep the order they were written in.
    private static List<VideoJobRecord> SortOldestFirst(List<VideoJobRecord> jobs) => [.. jobs.OrderBy(j => j.CreatedAt)];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1250, EventName = "VideoJobFileUnreadable", Level = LogLevel.Warning,
            Message = "{Path} does not parse ({Problem}); the video jobs start empty and the file is replaced at the next write")]
        public static partial void Unreadable(ILogger logger, string path, string problem);
    }
}

/// <summary>The document of <c>video_jobs.json</c>: a version and the jobs, oldest first, in snake_case.</summary>
/// <param name="Version">The format version (1).</param>
/// <param name="Jobs">The jobs.</param>
internal sealed record VideoJobFile(int Version, IReadOnlyList<VideoJobRecord>? Jobs)
{
    public const int CurrentVersion = 1;
}

/// <summary>Source-generated JSON of <c>video_jobs.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(VideoJobFile))]
internal sealed partial class VideoJobJsonContext : JsonSerializerContext;
