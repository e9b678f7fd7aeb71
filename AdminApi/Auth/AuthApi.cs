using Grok2Api.AdminApi.Security;
using Grok2Api.Configuration;
using Grok2Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Auth;

/// <summary>Login, logout and session check of the admin app.</summary>
internal static class AuthApi
{
    public static void MapAuthApi(this RouteGroupBuilder group)
    {
        group.MapPost("/login", Login);
        group.MapPost("/logout", Logout);
        group.MapGet("/session", (IOptionsMonitor<AppSection> app, StoreHealth store) => TypedResults.Ok(SessionOf(app.CurrentValue.AppKey, store)))
            .AddEndpointFilter<AdminAuthFilter>();
    }

    private static Results<Ok<SessionResponse>, ProblemHttpResult> Login(
        LoginRequest? body, HttpContext context, IOptionsMonitor<AppSection> app, StoreHealth store, TimeProvider time, LoginLimiter limiter, IAuthFailureLimiter failures)
    {
        // A login a page on another site makes the browser send would plant that site's session (login CSRF).
        if (SameOrigin.HasOrigin(context.Request) && !SameOrigin.IsProven(context.Request))
        {
            return AdminProblems.CrossSite();
        }

        if (!limiter.TryAcquire(context))
        {
            context.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many login attempts", detail: "Wait a minute and try again.");
        }

        var address = context.Connection.RemoteIpAddress;
        var blocked = failures.Check(address);
        if (blocked.IsLimited)
        {
            return AdminProblems.TooManyFailures(context, blocked);
        }

        var appKey = app.CurrentValue.AppKey;
        if (!AdminKey.Matches(body?.AppKey, appKey))
        {
            var failure = failures.RecordFailure(address);
            return failure.IsLimited
                ? AdminProblems.TooManyFailures(context, failure)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Wrong admin key.");
        }

        context.Response.Cookies.Append(AdminSession.CookieName, AdminSession.Issue(appKey, time.GetUtcNow()), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = AdminSession.Lifetime,
        });
        return TypedResults.Ok(SessionOf(appKey, store));
    }

    private static SessionResponse SessionOf(string appKey, StoreHealth store) => new(true, appKey == AppSection.DefaultAppKey, store.Kind);

    private static NoContent Logout(HttpContext context, SessionRevocations revocations, IOptionsMonitor<AppSection> app, TimeProvider time)
    {
        // Anyone may call logout: only a session this instance signed is remembered, never arbitrary text.
        var cookie = context.Request.Cookies[AdminSession.CookieName];
        if (AdminSession.TryRead(cookie, app.CurrentValue.AppKey, time.GetUtcNow(), out var expires))
        {
            revocations.Revoke(cookie!, expires);
        }

        context.Response.Cookies.Delete(AdminSession.CookieName, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }
}
