using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.AdminApi.Security;

/// <summary>The admin API's authentication answers, written once.</summary>
internal static class AdminProblems
{
    /// <summary>401 with a Bearer challenge.</summary>
    public static ProblemHttpResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }

    /// <summary>429 with Retry-After: too many failed authentications from this address.</summary>
    public static ProblemHttpResult TooManyFailures(HttpContext context, AuthThrottleDecision decision)
    {
        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed authentications",
            detail: $"Too many wrong keys from this address. Try again in {decision.RetryAfterSeconds} seconds.");
    }
}
