namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The outcome of a streaming upstream call. On success <see cref="Response"/> holds the answer with
/// only its headers read; the caller reads the body and must dispose this object, which also frees
/// the pooled connection's lease. On failure <see cref="Result"/> says why and no response is held.
/// </summary>
internal sealed class UpstreamStreamResult : IDisposable
{
    private readonly EgressLease? _lease;

    public UpstreamStreamResult(UpstreamResult result, HttpResponseMessage? response, EgressLease? lease)
    {
        Result = result;
        Response = response;
        _lease = lease;
    }

    public UpstreamResult Result { get; }

    /// <summary>The 2xx answer, headers read, body not yet read; null on failure.</summary>
    public HttpResponseMessage? Response { get; }

    public void Dispose()
    {
        Response?.Dispose();
        _lease?.Dispose();
    }
}
