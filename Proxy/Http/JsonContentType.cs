using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Http;

/// <summary>
/// Whether a request declares a JSON body: <c>application/json</c> or any <c>application/*+json</c>,
/// with any parameters (e.g. a charset). Browsers send cross-site "simple" requests without a
/// preflight only as <c>text/plain</c>, <c>application/x-www-form-urlencoded</c> or
/// <c>multipart/form-data</c>, so refusing everything else keeps a web page from spending the pool
/// through a visitor's browser.
/// </summary>
internal static class JsonContentType
{
    /// <summary>The media type JSON endpoints expect, for error messages.</summary>
    public const string Expected = "application/json";

    /// <summary>Whether <paramref name="contentType"/> (a Content-Type header value, possibly missing) names JSON.</summary>
    /// <param name="contentType">The header value.</param>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType;
        return mediaType.Equals(Expected, StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
