using Grok2Api.Storage.Tokens;

namespace Grok2Api.AdminApi.Tokens;

/// <summary>The lower-case status names of token.json and the admin API.</summary>
internal static class TokenStatusNames
{
    public static string Of(TokenStatus status) => status switch
    {
        TokenStatus.Active => "active",
        TokenStatus.Cooling => "cooling",
        TokenStatus.Expired => "expired",
        _ => "disabled",
    };

    public static bool TryParse(string? value, out TokenStatus status)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "active":
                status = TokenStatus.Active;
                return true;
            case "cooling":
                status = TokenStatus.Cooling;
                return true;
            case "expired":
                status = TokenStatus.Expired;
                return true;
            case "disabled":
                status = TokenStatus.Disabled;
                return true;
            default:
                status = default;
                return false;
        }
    }
}
