namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The use of one pooled handler by one request (or one streamed response): dispose it when the
/// response is done so a retired handler can be disposed. Dispose is idempotent.
/// </summary>
internal sealed class EgressLease : IDisposable
{
    private EgressHandlerEntry? _entry;

    public EgressLease(EgressHandlerEntry entry)
    {
        _entry = entry;
        Invoker = entry.Invoker;
        Description = entry.Description;
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>The redacted proxy (or "direct"), safe for logs.</summary>
    public string Description { get; }

    public void Dispose() => Interlocked.Exchange(ref _entry, null)?.ReleaseLease();
}
