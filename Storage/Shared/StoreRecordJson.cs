using System.Text.Json;
using System.Text.Json.Serialization;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Videos;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// The JSON text of one batch task or one video job as a shared store keeps it (one row or key per
/// record), in snake_case like <c>tasks.json</c>. A record that does not parse reads as null so one
/// damaged record never hides the others.
/// </summary>
internal static class StoreRecordJson
{
    public static string Write(BatchTaskRecord task) => JsonSerializer.Serialize(task, StoreRecordJsonContext.Default.BatchTaskRecord);

    public static string Write(VideoJobRecord job) => JsonSerializer.Serialize(job, StoreRecordJsonContext.Default.VideoJobRecord);

    public static BatchTaskRecord? ReadTask(string? text)
    {
        try
        {
            var task = string.IsNullOrEmpty(text) ? null : JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.BatchTaskRecord);
            return task is null || string.IsNullOrEmpty(task.Id) ? null : task;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static VideoJobRecord? ReadVideoJob(string? text)
    {
        try
        {
            var job = string.IsNullOrEmpty(text) ? null : JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.VideoJobRecord);
            return job is null || string.IsNullOrEmpty(job.Id) ? null : job;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON of the per-record codecs of the shared stores.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BatchTaskRecord))]
[JsonSerializable(typeof(VideoJobRecord))]
[JsonSerializable(typeof(StoreNotice))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class StoreRecordJsonContext : JsonSerializerContext;
