using Grok2Api.AdminApi.Security;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// Guards the OpenAI API with <c>app.api_key</c> (read live, so a key change applies at once). An
/// empty key leaves the API open. Keys are compared in constant time (<see cref="SecretKeys"/>).
/// Missing and wrong keys count against the client address's failed-authentication limit
/// (<see cref="IAuthFailureLimiter"/>, shared with the admin API): past it the answer is 429 with
/// Retry-After and keys from that address are not checked until the window ends.
/// On the Anthropic Messages paths (<see cref="ApiPaths.IsAnthropic"/>) the key may also come as
/// <c>x-api-key</c> (Anthropic clients send it there; Claude Code sends <c>Authorization: Bearer</c> for
/// <c>ANTHROPIC_AUTH_TOKEN</c>), and the 401 says so in Anthropic's shape.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<AppSection> app, IAuthFailureLimiter limiter)
{
    private const string AnthropicKeyHeader = "x-api-key";

    public Task InvokeAsync(HttpContext context)
    {
        var expected = app.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return next(context);
        }

        var address = context.Connection.RemoteIpAddress;
        var blocked = limiter.Check(address);
        if (blocked.IsLimited)
        {
            return TooManyFailuresAsync(context, blocked);
        }

        var anthropic = ApiPaths.IsAnthropic(context.Request.Path);
        var presented = SecretKeys.ReadBearer(context.Request.Headers.Authorization.ToString());
        if (presented is null && anthropic && context.Request.Headers[AnthropicKeyHeader].ToString() is { Length: > 0 } apiKey)
        {
            presented = apiKey;
        }

        if (presented is not null && SecretKeys.Matches(presented, expected))
        {
            return next(context);
        }

        var failure = limiter.RecordFailure(address);
        if (failure.IsLimited)
        {
            return TooManyFailuresAsync(context, failure);
        }

        if (anthropic)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, OpenAiErrors.Create(
                presented is null
                    ? "Missing API key. Send it in the header 'x-api-key: <key>' or 'Authorization: Bearer <key>'."
                    : "Invalid API key.",
                OpenAiErrorTypes.Authentication, null, "invalid_api_key"));
        }

        return RejectAsync(context, presented is null ? OpenAiErrors.MissingApiKey() : OpenAiErrors.InvalidApiKey());
    }

    private static Task RejectAsync(HttpContext context, OpenAiErrorResponse error)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, error);
    }

    private static Task TooManyFailuresAsync(HttpContext context, AuthThrottleDecision decision)
    {
        context.Response.Headers[HeaderNames.RetryAfter] = decision.RetryAfterSeconds;
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, OpenAiErrors.TooManyAuthFailures(decision.RetryAfterSeconds));
    }
}
