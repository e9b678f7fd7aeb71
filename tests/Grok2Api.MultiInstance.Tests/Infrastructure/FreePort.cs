using System.Net;
using System.Net.Sockets;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>A loopback port nothing listens on right now.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
