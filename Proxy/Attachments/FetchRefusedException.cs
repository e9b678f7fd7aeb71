namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Thrown by the fetch handler's connect callback when a host no longer passes the address check at
/// connect time (DNS rebinding); the fetcher turns it back into a refusal. Carries no address.
/// </summary>
internal sealed class FetchRefusedException : IOException
{
    public FetchRefusedException()
    {
    }

    public FetchRefusedException(string refusal)
        : base(refusal)
    {
    }

    public FetchRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
