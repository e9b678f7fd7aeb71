using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Redis;

/// <summary>A change notice on <c>g2a:notices</c>.</summary>
/// <param name="Origin">The instance that made the change (<see cref="Coordination.StoreInstance.Id"/>).</param>
/// <param name="Kind"><c>tokens</c> or <c>config</c>.</param>
/// <param name="Ids">The public ids of the tokens touched (kind tokens).</param>
internal sealed record RedisNotice(string Origin, string Kind, IReadOnlyList<string>? Ids)
{
    public const string Tokens = "tokens";
    public const string Config = "config";
}

/// <summary>Source-generated JSON of the records kept in Redis: compact, snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BatchTaskRecord))]
[JsonSerializable(typeof(VideoJobRecord))]
[JsonSerializable(typeof(RedisNotice))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
