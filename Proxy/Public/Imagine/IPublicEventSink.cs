namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>Where the events of an Imagine loop go: an SSE response or a WebSocket. One event is one JSON object.</summary>
internal interface IPublicEventSink
{
    /// <summary>Sends one event.</summary>
    /// <param name="json">The event, UTF-8 JSON without a newline.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    ValueTask SendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken);
}
