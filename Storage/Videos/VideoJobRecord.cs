namespace Grok2Api.Storage.Videos;

/// <summary>
/// One job of the Videos API as the store keeps it, so every instance behind a load balancer can
/// answer for it. Timestamps are Unix seconds. The request is kept as the client sent it (minus the
/// reference image); the result as public URLs of the media cache.
/// </summary>
public sealed record VideoJobRecord
{
    /// <summary>The job id (<c>video_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The model id.</summary>
    public required string Model { get; init; }

    /// <summary>The prompt.</summary>
    public string Prompt { get; init; } = "";

    /// <summary>The length asked for, in seconds (as the API shows it).</summary>
    public string Seconds { get; init; } = "";

    /// <summary>The size asked for (as the API shows it).</summary>
    public string Size { get; init; } = "";

    /// <summary>queued, in_progress, completed or failed.</summary>
    public required string Status { get; init; }

    /// <summary>0 to 100.</summary>
    public int Progress { get; init; }

    /// <summary>When the job was created.</summary>
    public long CreatedAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public long? FinishedAt { get; init; }

    /// <summary>The OpenAI error code of a failed job.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message of a failed job.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The public URL of the video, once completed.</summary>
    public string? VideoUrl { get; init; }

    /// <summary>The public URL of the thumbnail, once completed.</summary>
    public string? PosterUrl { get; init; }

    /// <summary>Set when a client deleted the job on any instance; the instance running it then stops it.</summary>
    public bool Deleted { get; init; }
}
