namespace Grok2Api.Transforms.OpenAi;

/// <summary>
/// An upstream failure as an OpenAI client sees it: the HTTP status, the error body and, for a 429,
/// the Retry-After to send. The one mapping of <see cref="UpstreamFailure"/> to the OpenAI protocol,
/// used for an error response and for the error event that ends a broken stream alike.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Error">The error.</param>
/// <param name="RetryAfter">The Retry-After header value in whole seconds, for a 429; null otherwise.</param>
public sealed record OpenAiFailure(int Status, OpenAiError Error, string? RetryAfter)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The OpenAI answer to a failure of a request for <paramref name="model"/>.</summary>
    /// <param name="failure">What failed (the last failure, when every account was tried).</param>
    /// <param name="model">The public model id.</param>
    public static OpenAiFailure From(UpstreamFailure failure, string model)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var detail = failure.Detail;
        var (status, message, type, code) = failure.Kind switch
        {
            UpstreamFailureKind.NoAccount => (429,
                $"No account is available for model '{model}' right now: every account that can serve it is rate limited, out of quota, expired or busy. Retry later.",
                OpenAiErrorTypes.RateLimit, "rate_limit_exceeded"),
            UpstreamFailureKind.RateLimited => (429,
                $"Every account tried for model '{model}' is rate limited or out of quota. Retry later.", OpenAiErrorTypes.RateLimit, "rate_limit_exceeded"),
            UpstreamFailureKind.Unauthorized => (502,
                "grok.com rejected the credentials of the accounts tried; they are being marked. Retry, or check the token pool.", OpenAiErrorTypes.Server, "upstream_unauthorized"),
            UpstreamFailureKind.Forbidden => (502,
                $"grok.com refused the request ({detail}). This is not the account's fault: check proxy.cf_clearance, proxy.user_agent and the egress proxy.",
                OpenAiErrorTypes.Server, "upstream_forbidden"),
            UpstreamFailureKind.ServerError when failure.Status == 503 => (503,
                "grok.com is unavailable (503). Retry later.", OpenAiErrorTypes.Server, "upstream_unavailable"),
            UpstreamFailureKind.ServerError or UpstreamFailureKind.UnexpectedStatus or UpstreamFailureKind.ResponseTooLarge => (502,
                $"grok.com answered with an error ({detail}).", OpenAiErrorTypes.Server, "upstream_error"),
            UpstreamFailureKind.Network => (502,
                $"grok.com could not be reached ({detail}).", OpenAiErrorTypes.Server, "upstream_unreachable"),
            UpstreamFailureKind.Timeout => (504,
                $"grok.com did not start answering in time ({detail}).", OpenAiErrorTypes.Server, "upstream_timeout"),
            UpstreamFailureKind.Stalled => (504,
                $"The answer from grok.com stalled ({detail}).", OpenAiErrorTypes.Server, "upstream_timeout"),
            UpstreamFailureKind.StreamError => (502,
                $"grok.com reported an error: {detail}", OpenAiErrorTypes.Server, "upstream_error"),
            UpstreamFailureKind.EmptyAnswer => (502,
                "grok.com ended the answer without any content.", OpenAiErrorTypes.Server, "upstream_empty_answer"),
            UpstreamFailureKind.ContentBlocked => (400,
                $"grok.com refused to generate this content ({detail}). Change the prompt or the input image.", OpenAiErrorTypes.InvalidRequest, "content_policy_violation"),
            UpstreamFailureKind.InvalidToolCall => (502,
                $"The model's answer broke the tool-call protocol on every attempt ({detail}). Retry, or simplify the tools.", OpenAiErrorTypes.Server, "invalid_tool_call"),
            _ => (502, $"The gateway could not call grok.com: {detail}", OpenAiErrorTypes.Server, "gateway_configuration"),
        };
        var retryAfter = status == 429
            ? Math.Max(1, (int)Math.Ceiling((failure.RetryAfter ?? DefaultRetryAfter).TotalSeconds)).ToString(CultureInfo.InvariantCulture)
            : null;
        return new OpenAiFailure(status, new OpenAiError(message, type, null, code), retryAfter);
    }
}
