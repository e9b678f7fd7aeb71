namespace Grok2Api.Proxy.Images;

/// <summary>
/// The fixed numbers of image generation over the Imagine WebSocket (docs/adr/0006). The upstream
/// sends no count and takes none; these are the original's assumptions, kept.
/// </summary>
internal static class ImagineLimits
{
    /// <summary>Images one session is expected to yield: 6. A request for more opens more sessions.</summary>
    public const int ImagesPerSession = 6;

    /// <summary>
    /// Sessions one request opens at most, all at once on the same account: ⌈10 / 6⌉ = 2 for the largest
    /// <c>n</c> of 10. Every session of a request runs in parallel.
    /// </summary>
    public const int MaxSessions = 2;

    /// <summary>The largest message accepted (a final image is about 100–400 KB of base64): 8 MB.</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>The WebSocket keep-alive ping interval (the original pinged every 20 s).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>A session that delivered at least one final ends after this much silence (the original's idle rule).</summary>
    public static readonly TimeSpan IdleAfterFinal = TimeSpan.FromSeconds(10);

    /// <summary>Sessions needed for <paramref name="count"/> images.</summary>
    /// <param name="count">The <c>n</c> of the request.</param>
    public static int SessionsFor(int count) => Math.Min(MaxSessions, (count + ImagesPerSession - 1) / ImagesPerSession);
}
