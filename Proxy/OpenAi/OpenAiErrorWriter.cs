using System.Text.Json;
using Grok2Api.Transforms.OpenAi;

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
