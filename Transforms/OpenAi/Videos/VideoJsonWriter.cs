using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// Writes the OpenAI Videos API shapes: the video object (<c>object: "video"</c>), the list
/// (<c>object: "list"</c>, <c>data</c>, <c>first_id</c>, <c>last_id</c>, <c>has_more</c>) and the
/// deletion answer (<c>object: "video.deleted"</c>). Pure and thread-safe.
/// </summary>
public static class VideoJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The video object.</summary>
    /// <param name="job">The job.</param>
    public static byte[] Video(VideoJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var buffer = new ArrayBufferWriter<byte>(512 + (job.Prompt.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, job);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A page of the list.</summary>
    /// <param name="jobs">The jobs of the page, in the order asked for.</param>
    /// <param name="hasMore">Whether more jobs follow the page.</param>
    public static byte[] List(IReadOnlyList<VideoJobView> jobs, bool hasMore)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var buffer = new ArrayBufferWriter<byte>(256 + (jobs.Count * 512));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var job in jobs)
            {
                Write(writer, job);
            }

            writer.WriteEndArray();
            WriteId(writer, "first_id", jobs.Count > 0 ? jobs[0].Id : null);
            WriteId(writer, "last_id", jobs.Count > 0 ? jobs[^1].Id : null);
            writer.WriteBoolean("has_more", hasMore);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The answer to a deletion.</summary>
    /// <param name="id">The deleted job's id.</param>
    public static byte[] Deleted(string id)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "video.deleted");
            writer.WriteBoolean("deleted", true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>status</c> string of a job status.</summary>
    /// <param name="status">The status.</param>
    public static string StatusText(VideoJobStatus status) => status switch
    {
        VideoJobStatus.Queued => "queued",
        VideoJobStatus.InProgress => "in_progress",
        VideoJobStatus.Completed => "completed",
        _ => "failed",
    };

    private static void Write(Utf8JsonWriter writer, VideoJobView job)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("object", "video");
        writer.WriteNumber("created_at", job.CreatedAt);
        WriteTime(writer, "completed_at", job.CompletedAt);
        WriteTime(writer, "expires_at", job.ExpiresAt);
        writer.WriteString("status", StatusText(job.Status));
        writer.WriteString("model", job.Model);
        writer.WriteNumber("progress", job.Progress);
        writer.WriteString("prompt", job.Prompt);
        writer.WriteString("seconds", job.Seconds);
        writer.WriteString("size", job.Size);
        writer.WriteNull("remixed_from_video_id");
        if (job.Error is { } error)
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", error.Code ?? "video_generation_failed");
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("error");
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } seconds)
        {
            writer.WriteNumber(name, seconds);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteId(Utf8JsonWriter writer, string name, string? id)
    {
        if (id is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, id);
        }
    }
}
