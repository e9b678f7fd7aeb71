using System.Text.Json;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// Writes the gateway's error bodies under <c>/v1</c>: OpenAI-shaped, except on the Anthropic
/// Messages paths (<see cref="ApiPaths.IsAnthropic"/>), where the same status and message go out in
/// Anthropic's shape. This is the seam that lets the shared admission (the request gate, the API key
/// check, bodiless statuses, unhandled exceptions) answer every client in its own protocol.
/// </summary>
internal static class OpenAiErrorWriter
{
    public static Task WriteAsync(HttpContext context, int statusCode, OpenAiErrorResponse error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (ApiPaths.IsAnthropic(context.Request.Path))
        {
            return Anthropic.AnthropicErrorWriter.WriteAsync(context, statusCode, error.Error.Message);
        }

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
