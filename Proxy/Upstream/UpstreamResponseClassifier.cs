namespace Grok2Api.Proxy.Upstream;

/// <summary>Maps an upstream answer to an <see cref="UpstreamOutcome"/>.</summary>
internal static class UpstreamResponseClassifier
{
    public static UpstreamOutcome Classify(int status) => status switch
    {
        >= 200 and < 300 => UpstreamOutcome.Ok,
        401 => UpstreamOutcome.Unauthorized,
        403 => UpstreamOutcome.Forbidden,
        429 => UpstreamOutcome.RateLimited,
        >= 500 => UpstreamOutcome.ServerError,
        _ => UpstreamOutcome.ClientError,
    };

    public static UpstreamForbiddenKind ClassifyForbidden(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        if (response.Headers.Contains("cf-mitigated"))
        {
            return UpstreamForbiddenKind.CloudflareChallenge;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "text/html")
        {
            return UpstreamForbiddenKind.CloudflareChallenge;
        }

        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'<')
        {
            return UpstreamForbiddenKind.CloudflareChallenge;
        }

        if (mediaType is "application/json" || (!trimmed.IsEmpty && trimmed[0] is (byte)'{' or (byte)'['))
        {
            return UpstreamForbiddenKind.AntiBot;
        }

        return UpstreamForbiddenKind.None;
    }

    /// <summary>The Retry-After of an answer (delta seconds or HTTP date), never negative.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
