namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>A snapshot of one video job, as the OpenAI video object shows it.</summary>
/// <param name="Id">The job id (<c>video_…</c>).</param>
/// <param name="Model">The model asked for.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="Seconds">The length generated, as a string.</param>
/// <param name="Size">The size asked for (or the default's).</param>
/// <param name="Status">Where the job is.</param>
/// <param name="Progress">Percent done, 0–100.</param>
/// <param name="CreatedAt">Unix seconds.</param>
/// <param name="CompletedAt">Unix seconds, once finished (completed or failed).</param>
/// <param name="ExpiresAt">Unix seconds when a finished job is forgotten (<c>video.job_retention</c>).</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record VideoJobView(
    string Id,
    string Model,
    string Prompt,
    string Seconds,
    string Size,
    VideoJobStatus Status,
    int Progress,
    long CreatedAt,
    long? CompletedAt,
    long? ExpiresAt,
    OpenAiError? Error);
