namespace Grok2Api.Proxy.Images;

/// <summary>Opens Imagine WebSockets for an account (the handshake of docs/grok-protocol.md §2.6, §14.1).</summary>
internal interface IImagineConnector
{
    /// <summary>Connects with the account's cookie; a refused handshake is a failure value.</summary>
    /// <param name="token">The account's token.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The connection, or the failure (429, 401, 403, 5xx, a network error, a configuration error).</returns>
    Task<(ImagineConnection? Connection, UpstreamFailure? Failure)> ConnectAsync(string token, CancellationToken cancellationToken);
}
