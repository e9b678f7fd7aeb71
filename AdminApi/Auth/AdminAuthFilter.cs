using Grok2Api.AdminApi.Security;
using Grok2Api.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// Lets a request through when it carries a valid session cookie or <c>Authorization: Bearer
/// &lt;app_key&gt;</c>; answers 401 problem details otherwise, and 429 once the client address has
/// failed too often (<see cref="IAuthFailureLimiter"/>). A signed session cookie cannot be guessed, so
/// it is accepted even from a blocked address; a bearer key from a blocked address is not checked.
/// The key is read live from config. A request let in by the cookie alone with an unsafe method must
/// also prove it comes from this site (<see cref="SameOrigin"/>), else it is refused with 403: the
/// cookie is SameSite=Strict, and this check is the second line against cross-site writes. A request
/// with the bearer key is exempt, since a page on another site cannot set that header.
/// </summary>
internal sealed class AdminAuthFilter(
    IOptionsMonitor<AppSection> app, TimeProvider time, SessionRevocations revocations, IAuthFailureLimiter limiter, ILogger<AdminAuthFilter> logger) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var appKey = app.CurrentValue.AppKey;
        var cookie = request.Cookies[AdminSession.CookieName];
        if (AdminSession.IsValid(cookie, appKey, time.GetUtcNow()) && !revocations.IsRevoked(cookie))
        {
            if (SameOrigin.IsUnsafe(request.Method) && !SameOrigin.IsProven(request) && !AdminKey.Matches(AdminKey.ReadBearer(request), appKey))
            {
                AdminSecurityLog.CrossSiteRefused(logger, request.Method, SameOrigin.HasOrigin(request));
                return ValueTask.FromResult<object?>(AdminProblems.CrossSite());
            }

            return next(context);
        }

        var address = http.Connection.RemoteIpAddress;
        var blocked = limiter.Check(address);
        if (blocked.IsLimited)
        {
            return ValueTask.FromResult<object?>(AdminProblems.TooManyFailures(http, blocked));
        }

        if (AdminKey.Matches(AdminKey.ReadBearer(request), appKey))
        {
            return next(context);
        }

        var failure = limiter.RecordFailure(address);
        return ValueTask.FromResult<object?>(failure.IsLimited
            ? AdminProblems.TooManyFailures(http, failure)
            : AdminProblems.Unauthorized(http, "Log in at POST /v1/admin/login or send 'Authorization: Bearer <app_key>'."));
    }
}
