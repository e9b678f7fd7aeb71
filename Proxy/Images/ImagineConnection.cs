using System.Net.WebSockets;

namespace Grok2Api.Proxy.Images;

/// <summary>An open Imagine WebSocket and the egress lease it runs on; dispose it to close both.</summary>
internal sealed class ImagineConnection(WebSocket socket, EgressLease? lease) : IDisposable
{
    /// <summary>The socket, handshake done.</summary>
    public WebSocket Socket => socket;

    /// <summary>Ends the session politely (a close frame, at most <paramref name="limit"/> long), then disposes.</summary>
    /// <param name="time">The clock of the limit.</param>
    /// <param name="limit">How long the close frame may take.</param>
    public async Task CloseAsync(TimeProvider time, TimeSpan limit)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(limit, time);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Closing is a courtesy; the socket is disposed either way.
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        lease?.Dispose();
    }
}
