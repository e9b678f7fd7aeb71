using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Tasks;

/// <summary>The document of <c>tasks.json</c>: a version and the tasks, in snake_case.</summary>
/// <param name="Version">The format version (1).</param>
/// <param name="Tasks">The tasks, newest first.</param>
internal sealed record BatchTaskFile(int Version, IReadOnlyList<BatchTaskRecord>? Tasks)
{
    public const int CurrentVersion = 1;

    public static byte[] Write(IReadOnlyList<BatchTaskRecord> tasks) =>
        JsonSerializer.SerializeToUtf8Bytes(new BatchTaskFile(CurrentVersion, tasks), BatchTaskJsonContext.Default.BatchTaskFile);

    /// <exception cref="JsonException">The content is not a task document.</exception>
    public static List<BatchTaskRecord> Read(ReadOnlySpan<byte> content)
    {
        var file = JsonSerializer.Deserialize(content, BatchTaskJsonContext.Default.BatchTaskFile)
            ?? throw new JsonException("tasks.json holds null");
        return [.. (file.Tasks ?? []).Where(t => t is not null && !string.IsNullOrEmpty(t.Id))];
    }
}

/// <summary>Source-generated JSON of <c>tasks.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BatchTaskFile))]
internal sealed partial class BatchTaskJsonContext : JsonSerializerContext;
