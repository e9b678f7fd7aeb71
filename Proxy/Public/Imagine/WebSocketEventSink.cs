using System.Net.WebSockets;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// One text message per event on a WebSocket; sends from the loop and from the reader of client messages
/// take turns. A send once begun is cancelled only when the connection goes (<paramref name="connectionGone"/>):
/// a cancelled send would abort the socket, and a stopped loop still sends its final event. Thread-safe.
/// </summary>
internal sealed class WebSocketEventSink(WebSocket socket, CancellationToken connectionGone) : IPublicEventSink, IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _send.WaitAsync(connectionGone);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, connectionGone);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public void Dispose() => _send.Dispose();
}
