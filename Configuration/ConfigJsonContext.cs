using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Configuration;

/// <summary>
/// Source-generated JSON metadata of the config records with snake_case names: the single bridge
/// between the C# records (the source of defaults) and the config tree.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GrokConfig))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
}
