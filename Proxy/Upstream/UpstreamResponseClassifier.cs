namespace Grok2Api.Proxy.Upstream;

/// <summary>Reads what an upstream answer that is not a success means: the failure, what a 403 looked like, the Retry-After.</summary>
internal static class UpstreamResponseClassifier
{
    /// <summary>The failure of a non-2xx answer, with its Retry-After and, for a 403, what the refusal looked like.</summary>
    public static UpstreamFailure Classify(HttpResponseMessage response, ReadOnlySpan<byte> body, TimeProvider time)
    {
        var status = (int)response.StatusCode;
        return UpstreamFailure.FromStatus(status, RetryAfterOf(response, time), status == 403 ? ClassifyForbidden(response, body) : ForbiddenReason.None);
    }

    public static ForbiddenReason ClassifyForbidden(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        if (response.Headers.Contains("cf-mitigated"))
        {
            return ForbiddenReason.CloudflareChallenge;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "text/html")
        {
            return ForbiddenReason.CloudflareChallenge;
        }

        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'<')
        {
            return ForbiddenReason.CloudflareChallenge;
        }

        if (mediaType is "application/json" || (!trimmed.IsEmpty && trimmed[0] is (byte)'{' or (byte)'['))
        {
            return ForbiddenReason.AntiBot;
        }

        return ForbiddenReason.None;
    }

    /// <summary>The Retry-After of an answer (delta seconds or HTTP date), never negative.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
