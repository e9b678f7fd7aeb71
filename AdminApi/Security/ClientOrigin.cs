using System.Net;
using Grok2Api.Configuration;

namespace Grok2Api.AdminApi.Security;

/// <summary>
/// Where a request comes from, as far as the gateway can tell: the connection's address, already
/// replaced by the forwarded client address when the peer is a trusted proxy (<c>app.trusted_proxies</c>).
/// </summary>
public static class ClientOrigin
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP"];

    /// <summary>
    /// Whether the request was made on this machine: the client address is a loopback address and no
    /// forwarding header is left unconsumed. A forwarding header that no trusted proxy vouched for means
    /// a proxy on this machine relayed the request from somewhere unknown, so it is not a local request.
    /// </summary>
    /// <param name="context">The request.</param>
    public static bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(NetworkEntries.Normalize(address)))
        {
            return false;
        }

        foreach (var header in ForwardingHeaders)
        {
            if (context.Request.Headers.ContainsKey(header))
            {
                return false;
            }
        }

        return true;
    }
}
