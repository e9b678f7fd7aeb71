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

    /// <summary>403: a write with the session cookie that does not prove it comes from this site (<see cref="SameOrigin"/>).</summary>
    public static ProblemHttpResult CrossSite() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Cross-site request refused",
        detail: "A change made with the admin session must come from this site's pages: the browser's Origin must be this site, "
            + "or Sec-Fetch-Site must be same-origin. Scripts send 'Authorization: Bearer <app_key>' instead.");

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
