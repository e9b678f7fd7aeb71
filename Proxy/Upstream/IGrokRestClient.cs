using System.Buffers;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Calls Grok web REST and gRPC-web endpoints with the account's cookie, the browser header set,
/// the configured egress proxy and the retry policy. Expected failures are values.
/// </summary>
internal interface IGrokRestClient
{
    /// <summary>
    /// Sends a call and reads the whole answer (up to <see cref="UpstreamCallOptions.MaxBodyBytes"/>).
    /// Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <param name="endpoint">The endpoint (see <see cref="GrokEndpoints"/>).</param>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <param name="body">The request body in the endpoint's content type (JSON, or gRPC-web frames), or null.</param>
    /// <param name="options">Timeout, retry exclusions and body limit.</param>
    /// <param name="cancellationToken">Cancels the call, including waits between retries.</param>
    Task<UpstreamResult> SendAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a call whose body is in several pieces (e.g. an upload whose base64 content is a slice of
    /// the client's request body), without joining them; otherwise as the other overload.
    /// </summary>
    /// <param name="endpoint">The endpoint (see <see cref="GrokEndpoints"/>).</param>
    /// <param name="token">The account token; a leading <c>sso=</c> is removed.</param>
    /// <param name="body">The request body, kept unchanged until the call returns.</param>
    /// <param name="options">Timeout, retry exclusions and body limit.</param>
    /// <param name="cancellationToken">Cancels the call, including waits between retries.</param>
    Task<UpstreamResult> SendAsync(
        GrokEndpoint endpoint, string token, ReadOnlySequence<byte> body, UpstreamCallOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a call and returns a 2xx answer as soon as its headers arrive, body unread; failures are
    /// retried like <see cref="SendAsync(GrokEndpoint, string, ReadOnlyMemory{byte}?, UpstreamCallOptions, CancellationToken)"/>. The caller must dispose the result.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="token">The account token.</param>
    /// <param name="body">The request body, or null.</param>
    /// <param name="options">Timeout (until headers), retry exclusions, error body limit.</param>
    /// <param name="cancellationToken">Cancels the call until headers arrive; pass it to body reads too.</param>
    Task<UpstreamStreamResult> SendStreamingAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, CancellationToken cancellationToken);
}
