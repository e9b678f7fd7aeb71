using System.Net.WebSockets;
using Grok2Api.Proxy.Upstream;

namespace Grok2Api.Proxy.Images;

/// <summary>An open Imagine WebSocket and the egress lease it runs on; dispose it to close both.</summary>
internal sealed class ImagineConnection(WebSocket socket, EgressLease? lease) : IDisposable
{
    /// <summary>The socket, handshake done.</summary>
    public WebSocket Socket => socket;

    public void Dispose()
    {
        socket.Dispose();
        lease?.Dispose();
    }
}
