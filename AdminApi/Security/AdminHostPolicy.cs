using System.Net;
using Grok2Api.Configuration;

namespace Grok2Api.AdminApi.Security;

/// <summary>
/// Which <c>Host</c> names the admin API answers to: the loopback names (<c>localhost</c> and its
/// subdomains, loopback IP addresses), the host of <c>app.app_url</c>, and <c>app.allowed_hosts</c>.
/// A DNS-rebinding page reaches the gateway under the attacker's own name, which is none of these.
/// </summary>
internal static class AdminHostPolicy
{
    public static bool IsAllowed(HostString host, AppSection app)
    {
        if (!host.HasValue || NetworkEntries.NormalizeHost(host.Host) is not { } name)
        {
            return false;
        }

        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address)))
        {
            return true;
        }

        if (Uri.TryCreate(app.AppUrl, UriKind.Absolute, out var appUrl) && NetworkEntries.NormalizeHost(appUrl.Host) == name)
        {
            return true;
        }

        foreach (var entry in app.AllowedHosts)
        {
            if (NetworkEntries.NormalizeHost(entry) == name)
            {
                return true;
            }
        }

        return false;
    }
}
