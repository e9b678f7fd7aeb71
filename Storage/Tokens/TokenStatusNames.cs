namespace Grok2Api.Storage.Tokens;

/// <summary>The lower-case status names of <c>token.json</c>, the admin API and the metrics.</summary>
public static class TokenStatusNames
{
    /// <summary>The name of <paramref name="status"/>: <c>active</c>, <c>cooling</c>, <c>expired</c> or <c>disabled</c>.</summary>
    /// <param name="status">The status.</param>
    public static string Of(TokenStatus status) => status switch
    {
        TokenStatus.Active => "active",
        TokenStatus.Cooling => "cooling",
        TokenStatus.Expired => "expired",
        _ => "disabled",
    };

    /// <summary>Reads a status name, ignoring case and surrounding white space.</summary>
    /// <param name="value">The text.</param>
    /// <param name="status">The status, when the name is known.</param>
    /// <returns>Whether the name is one of the four.</returns>
    public static bool TryParse(string? value, out TokenStatus status)
    {
        TokenStatus? parsed = value?.Trim().ToLowerInvariant() switch
        {
            "active" => TokenStatus.Active,
            "cooling" => TokenStatus.Cooling,
            "expired" => TokenStatus.Expired,
            "disabled" => TokenStatus.Disabled,
            _ => null,
        };
        status = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
