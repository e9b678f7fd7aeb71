using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Public;

/// <summary>The OpenAI-shaped errors of <c>/v1/public</c>; no message ever carries a key or a token.</summary>
internal static class PublicErrors
{
    /// <summary>A 400 naming <paramref name="param"/>.</summary>
    public static Task BadRequestAsync(HttpContext context, string message, string? param, string code = "invalid_value") =>
        OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAiErrors.Create(message, OpenAiErrorTypes.InvalidRequest, param, code));

    /// <summary>The 404 of every path while the playground is off, and of an unknown task.</summary>
    public static Task NotFoundAsync(HttpContext context, string message = "Not found.", string code = "not_found") =>
        OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, OpenAiErrors.Create(message, OpenAiErrorTypes.InvalidRequest, null, code));

    /// <summary>The 401 of a missing or wrong public key.</summary>
    public static Task UnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, OpenAiErrors.Create(
            "Missing or invalid public key. Send 'Authorization: Bearer <public_key>' or log in at POST /v1/public/login.",
            OpenAiErrorTypes.Authentication, null, "invalid_public_key"));
    }

    /// <summary>A 429 with Retry-After.</summary>
    public static Task TooManyAsync(HttpContext context, string retryAfterSeconds, string message, string code)
    {
        context.Response.Headers[HeaderNames.RetryAfter] = retryAfterSeconds;
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, OpenAiErrors.Create(message, OpenAiErrorTypes.RateLimit, null, code));
    }
}
