using System.Text.Json;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>Writes OpenAI-shaped error bodies.</summary>
internal static class OpenAiErrorWriter
{
    public static Task WriteAsync(HttpContext context, int statusCode, OpenAiErrorResponse error)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(
            context.Response.Body, error, OpenAiJsonContext.Default.OpenAiErrorResponse, context.RequestAborted);
    }

    /// <summary>
    /// The answer of a request refused because the server is busy (no free slot or memory within the
    /// queue timeout): <c>Retry-After: 1</c> and the error.
    /// </summary>
    public static Task WriteRetrySoonAsync(HttpContext context, int statusCode, OpenAiError error)
    {
        context.Response.Headers.RetryAfter = "1";
        return WriteAsync(context, statusCode, new OpenAiErrorResponse(error));
    }

    /// <summary>An <see cref="IResult"/> carrying an OpenAI error, for endpoint handlers.</summary>
    public static IResult Result(int statusCode, OpenAiErrorResponse error) =>
        TypedResults.Json(error, OpenAiJsonContext.Default.OpenAiErrorResponse, statusCode: statusCode);

    /// <summary>The error type OpenAI uses for a status code.</summary>
    public static string TypeFor(int statusCode) => statusCode switch
    {
        401 => OpenAiErrorTypes.Authentication,
        403 => OpenAiErrorTypes.Permission,
        404 => OpenAiErrorTypes.InvalidRequest,
        429 => OpenAiErrorTypes.RateLimit,
        >= 500 => OpenAiErrorTypes.Server,
        _ => OpenAiErrorTypes.InvalidRequest,
    };
}
