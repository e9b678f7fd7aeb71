using Microsoft.AspNetCore.Diagnostics;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// Gives bodiless error statuses (unknown routes, wrong methods) the shape of their route group:
/// the OpenAI error envelope under <c>/v1</c>, problem details elsewhere.
/// </summary>
internal static class ErrorShapeExtensions
{
    public static IApplicationBuilder UseGrokErrorShapes(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusBodyAsync);
        return app;
    }

    private static async Task WriteStatusBodyAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        if (ApiPaths.IsOpenAi(context.Request.Path))
        {
            var method = context.Request.Method;
            var path = context.Request.Path.Value ?? "/";
            var error = status switch
            {
                404 => OpenAiErrors.UnknownRoute(method, path),
                405 => OpenAiErrors.MethodNotAllowed(method, path),
                _ => OpenAiErrors.Create(
                    ReasonPhrase(status), OpenAiErrorWriter.TypeFor(status), null, null),
            };
            await OpenAiErrorWriter.WriteAsync(context, status, error);
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context });
    }

    private static string ReasonPhrase(int status)
    {
        var phrase = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        return string.IsNullOrEmpty(phrase) ? $"HTTP {status}" : phrase;
    }
}
