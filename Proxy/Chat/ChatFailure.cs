using System.Globalization;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.OpenAi;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// A failed attempt: what the pool is told about the account, and what the client gets when no
/// account is left. Messages are written for the client; they never hold tokens or upstream bodies.
/// </summary>
/// <param name="Kind">The failure.</param>
/// <param name="UpstreamStatus">The upstream HTTP status, when there was one.</param>
/// <param name="Detail">A short description for logs and the client message.</param>
/// <param name="RetryAfter">The upstream's Retry-After, when it sent one.</param>
internal sealed record ChatFailure(ChatFailureKind Kind, int? UpstreamStatus, string Detail, TimeSpan? RetryAfter = null)
{
    /// <summary>How the account is charged for this failure: never with quota.</summary>
    public LeaseOutcome LeaseOutcome => Kind switch
    {
        ChatFailureKind.RateLimited => LeaseOutcome.RateLimited,
        ChatFailureKind.Unauthorized => LeaseOutcome.Unauthorized,
        ChatFailureKind.Forbidden => LeaseOutcome.Forbidden,
        _ => LeaseOutcome.TransientFailure,
    };

    /// <summary>Whether the next account should wait a backoff first (a server-side problem), rather than start at once.</summary>
    public bool WantsBackoff => Kind is ChatFailureKind.UpstreamError or ChatFailureKind.Network or ChatFailureKind.EmptyAnswer;

    /// <summary>The HTTP status and OpenAI error the client gets when this is the last failure.</summary>
    public (int Status, OpenAiError Error) ToClientError(string model) => Kind switch
    {
        ChatFailureKind.NoToken => (429, Error(
            $"No account is available for model '{model}' right now: every account that can serve it is rate limited, out of quota, expired or busy. Retry later.",
            OpenAiErrorTypes.RateLimit, "rate_limit_exceeded")),
        ChatFailureKind.RateLimited => (429, Error(
            $"Every account tried for model '{model}' is rate limited or out of quota. Retry later.", OpenAiErrorTypes.RateLimit, "rate_limit_exceeded")),
        ChatFailureKind.Unauthorized => (502, Error(
            "grok.com rejected the credentials of the accounts tried; they are being marked. Retry, or check the token pool.", OpenAiErrorTypes.Server, "upstream_unauthorized")),
        ChatFailureKind.Forbidden => (502, Error(
            $"grok.com refused the request ({Detail}). This is not the account's fault: check proxy.cf_clearance, proxy.user_agent and the egress proxy.",
            OpenAiErrorTypes.Server, "upstream_forbidden")),
        ChatFailureKind.UpstreamError when UpstreamStatus == 503 => (503, Error(
            "grok.com is unavailable (503). Retry later.", OpenAiErrorTypes.Server, "upstream_unavailable")),
        ChatFailureKind.UpstreamError => (502, Error(
            $"grok.com answered with an error ({Detail}).", OpenAiErrorTypes.Server, "upstream_error")),
        ChatFailureKind.Network => (502, Error(
            $"grok.com could not be reached ({Detail}).", OpenAiErrorTypes.Server, "upstream_unreachable")),
        ChatFailureKind.StartTimeout => (504, Error(
            $"grok.com did not start answering in time ({Detail}).", OpenAiErrorTypes.Server, "upstream_timeout")),
        ChatFailureKind.Stalled => (504, Error(
            $"The answer from grok.com stalled ({Detail}).", OpenAiErrorTypes.Server, "upstream_timeout")),
        ChatFailureKind.StreamError => (502, Error(
            $"grok.com reported an error: {Detail}", OpenAiErrorTypes.Server, "upstream_error")),
        ChatFailureKind.EmptyAnswer => (502, Error(
            "grok.com ended the answer without any content.", OpenAiErrorTypes.Server, "upstream_empty_answer")),
        _ => (502, Error($"The gateway could not call grok.com: {Detail}", OpenAiErrorTypes.Server, "gateway_configuration")),
    };

    /// <summary>The Retry-After the client gets with a 429, in whole seconds.</summary>
    public string? RetryAfterHeader() => Kind is ChatFailureKind.NoToken or ChatFailureKind.RateLimited
        ? Math.Max(1, (int)Math.Ceiling((RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds)).ToString(CultureInfo.InvariantCulture)
        : null;

    public static ChatFailure FromStatus(int status, string detail, TimeSpan? retryAfter) => status switch
    {
        429 => new ChatFailure(ChatFailureKind.RateLimited, status, detail, retryAfter),
        401 => new ChatFailure(ChatFailureKind.Unauthorized, status, detail),
        403 => new ChatFailure(ChatFailureKind.Forbidden, status, detail),
        _ => new ChatFailure(ChatFailureKind.UpstreamError, status, detail),
    };

    private static OpenAiError Error(string message, string type, string code) => new(message, type, null, code);
}
