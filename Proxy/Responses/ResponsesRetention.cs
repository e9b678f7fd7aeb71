namespace Grok2Api.Proxy.Responses;

/// <summary>How long a stored response is kept (<c>store: true</c>): until the <c>[responses]</c> config section sets it, 30 days.</summary>
internal static class ResponsesRetention
{
    /// <summary>The retention of a stored response.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);
}
