using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Security;

/// <summary>
/// Guards every admin path before authentication: a request under a <c>Host</c> the admin API does
/// not answer to gets 421 (<see cref="AdminHostPolicy"/>), and while <c>app.app_key</c> is the
/// documented default only local clients get further (<see cref="ClientOrigin.IsLocal"/>); others get
/// 403. Both answers are problem details that say which setting to change; neither echoes the request.
/// </summary>
internal sealed class AdminExposureMiddleware(RequestDelegate next, IOptionsMonitor<AppSection> app)
{
    public Task InvokeAsync(HttpContext context)
    {
        var settings = app.CurrentValue;
        if (!AdminHostPolicy.IsAllowed(context.Request.Host, settings))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status421MisdirectedRequest,
                title: "Host not allowed",
                detail: "The admin API does not answer to this host name. Use localhost, the host of app.app_url, "
                    + "or add the name to app.allowed_hosts in config.toml.").ExecuteAsync(context);
        }

        if (string.Equals(settings.AppKey, AppSection.DefaultAppKey, StringComparison.Ordinal) && !ClientOrigin.IsLocal(context))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Admin key not set",
                detail: "The admin key is still the documented default, so the admin API only answers on this machine. "
                    + "Set app.app_key in config.toml (or the GROK2API_APP_KEY environment variable) to use it from elsewhere.").ExecuteAsync(context);
        }

        return next(context);
    }
}
