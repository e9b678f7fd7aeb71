using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

    public static BatchTaskRecord? ReadTask(string? text) => Read(text, StoreRecordJsonContext.Default.BatchTaskRecord, t => t.Id);

    public static VideoJobRecord? ReadVideoJob(string? text) => Read(text, StoreRecordJsonContext.Default.VideoJobRecord, j => j.Id);

    private static T? Read<T>(string? text, JsonTypeInfo<T> type, Func<T, string> id)
        where T : class
    {
        try
        {
            var record = string.IsNullOrEmpty(text) ? null : JsonSerializer.Deserialize(text, type);
            return record is null || string.IsNullOrEmpty(id(record)) ? null : record;
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
