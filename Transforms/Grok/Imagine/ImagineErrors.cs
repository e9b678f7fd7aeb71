namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// What an Imagine <c>{"type":"error"}</c> message means as a failure: a rate limit moves to another
/// account, a moderation refusal is <see cref="UpstreamFailureKind.ContentBlocked"/>, anything else an
/// in-stream error. Only a cleaned, cut <c>err_code</c> goes into the detail (never <c>err_msg</c>). Pure.
/// </summary>
public static class ImagineErrors
{
    private const int MaxCodeLength = 64;

    /// <summary>The failure of an error message.</summary>
    /// <param name="code"><c>err_code</c>, or null.</param>
    /// <param name="message"><c>err_msg</c>, or null; used only to classify.</param>
    public static UpstreamFailure ToFailure(string? code, string? message)
    {
        var clean = Clean(code);
        var text = (code + " " + message).ToLowerInvariant();
        if (text.Contains("rate_limit", StringComparison.Ordinal) || text.Contains("rate limit", StringComparison.Ordinal)
            || text.Contains("too many", StringComparison.Ordinal) || text.Contains("429", StringComparison.Ordinal))
        {
            return new UpstreamFailure(UpstreamFailureKind.RateLimited, $"Imagine reported a rate limit ({clean})") { Status = 429 };
        }

        if (text.Contains("moderat", StringComparison.Ordinal) || text.Contains("blocked", StringComparison.Ordinal)
            || text.Contains("content_policy", StringComparison.Ordinal))
        {
            return new UpstreamFailure(UpstreamFailureKind.ContentBlocked, $"Imagine refused the prompt ({clean})");
        }

        return new UpstreamFailure(UpstreamFailureKind.StreamError, $"Imagine error {clean}") { Status = 200 };
    }

    private static string Clean(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "without a code";
        }

        var chars = code.Length <= MaxCodeLength ? code.ToCharArray() : code[..MaxCodeLength].ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-' or '.'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
