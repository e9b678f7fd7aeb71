namespace Grok2Api.Transforms.Grok;

/// <summary>
/// The operator-supplied values the client forwards (config <c>[proxy]</c>). Nothing here is
/// generated: Grok2Api does not forge anti-bot signals (docs/grok-protocol.md §2.2).
/// </summary>
/// <param name="UserAgent"><c>proxy.user_agent</c>, sent as <c>User-Agent</c>.</param>
/// <param name="CfClearance"><c>proxy.cf_clearance</c>; when not empty it is appended to the Cookie header.</param>
/// <param name="StatsigId"><c>proxy.statsig_id</c>; when not empty it is sent verbatim as <c>x-statsig-id</c>, otherwise the header is omitted.</param>
public sealed record GrokClientProfile(string UserAgent, string CfClearance, string StatsigId)
{
    /// <summary>
    /// Throws when a value holds a character an HTTP header cannot carry (anything outside printable
    /// ASCII: .NET refuses it at send time). The message names the config key, never the value, which
    /// may be a secret. The config check (<c>[HeaderSafe]</c>) refuses the same characters, so this only
    /// fires for a profile built some other way.
    /// </summary>
    /// <param name="withStatsig">Whether <see cref="StatsigId"/> is sent too.</param>
    public void RequireSendable(bool withStatsig = true)
    {
        RequireSendable(UserAgent, "proxy.user_agent");
        RequireSendable(CfClearance, "proxy.cf_clearance");
        if (withStatsig)
        {
            RequireSendable(StatsigId, "proxy.statsig_id");
        }
    }

    private static void RequireSendable(string? value, string configKey)
    {
        ArgumentNullException.ThrowIfNull(value, configKey);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"{configKey} contains characters that cannot be sent in an HTTP header.", nameof(value));
            }
        }
    }
}
