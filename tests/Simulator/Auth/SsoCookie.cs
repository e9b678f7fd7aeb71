namespace Grok2Api.Simulator.Auth;

/// <summary>
/// The account credential as grok.com receives it (docs/grok-protocol.md §2.1):
/// <c>sso=&lt;tok&gt;; sso-rw=&lt;tok&gt;</c>, optionally followed by <c>;cf_clearance=&lt;v&gt;</c>.
/// </summary>
/// <param name="Token">The SSO token (both cookies carry the same value).</param>
/// <param name="CfClearance">The cf_clearance cookie, when sent.</param>
internal sealed record SsoCookie(string Token, string? CfClearance)
{
    /// <summary>Parses the Cookie header; null when sso or sso-rw is missing, empty or the two differ.</summary>
    public static SsoCookie? Parse(string? cookieHeader)
    {
        if (string.IsNullOrWhiteSpace(cookieHeader))
        {
            return null;
        }

        string? sso = null, ssoRw = null, clearance = null;
        foreach (var part in cookieHeader.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            switch (name)
            {
                case "sso":
                    sso = value;
                    break;
                case "sso-rw":
                    ssoRw = value;
                    break;
                case "cf_clearance":
                    clearance = value;
                    break;
                default:
                    break;
            }
        }

        return string.IsNullOrEmpty(sso) || !string.Equals(sso, ssoRw, StringComparison.Ordinal)
            ? null
            : new SsoCookie(sso, clearance);
    }
}
