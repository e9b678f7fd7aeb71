using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Source-generated serialization of the <c>token.json</c> records: snake_case names in declaration
/// order, nulls written (the original writes <c>"last_used_at": null</c>), unknown fields last.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(TokenStatusJsonConverter)])]
[JsonSerializable(typeof(TokenRecordJson))]
internal sealed partial class TokenFileJsonContext : JsonSerializerContext;
