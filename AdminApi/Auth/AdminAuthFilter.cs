using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Auth;

/// <summary>
/// Lets a request through when it carries <c>Authorization: Bearer &lt;app_key&gt;</c> or a valid
/// session cookie; answers 401 problem details otherwise. The key is read live from config.
/// </summary>
internal sealed class AdminAuthFilter(IOptionsMonitor<AppSection> app, TimeProvider time, SessionRevocations revocations) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var appKey = app.CurrentValue.AppKey;
        var cookie = request.Cookies[AdminSession.CookieName];
        if (AdminKey.Matches(AdminKey.ReadBearer(request), appKey)
            || (AdminSession.IsValid(cookie, appKey, time.GetUtcNow()) && !revocations.IsRevoked(cookie)))
        {
            return next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "Log in at POST /v1/admin/login or send 'Authorization: Bearer <app_key>'."));
    }
}
