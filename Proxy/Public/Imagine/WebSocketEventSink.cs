using System.Net.WebSockets;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>One text message per event on a WebSocket; sends from the loop and from the reader of client messages take turns. Thread-safe.</summary>
internal sealed class WebSocketEventSink(WebSocket socket) : IPublicEventSink, IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public void Dispose() => _send.Dispose();
}
