using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Tokens;

/// <summary>Writes <see cref="TokenStatus"/> as the lower-case strings of <c>token.json</c> (<c>active</c>, <c>cooling</c>, ...).</summary>
internal sealed class TokenStatusJsonConverter : JsonStringEnumConverter<TokenStatus>
{
    /// <summary>Creates the converter.</summary>
    public TokenStatusJsonConverter()
        : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
