using Grok2Api.Configuration;
using Grok2Api.Transforms.OpenAi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// Guards the OpenAI API with <c>app.api_key</c> (read live, so a key change applies at once). An
/// empty key leaves the API open. Keys are compared in constant time (<see cref="SecretKeys"/>).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<AppSection> app)
{
    public Task InvokeAsync(HttpContext context)
    {
        var expected = app.CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return next(context);
        }

        var presented = SecretKeys.ReadBearer(context.Request.Headers.Authorization.ToString());
        if (presented is null)
        {
            return RejectAsync(context, OpenAiErrors.MissingApiKey());
        }

        return SecretKeys.Matches(presented, expected) ? next(context) : RejectAsync(context, OpenAiErrors.InvalidApiKey());
    }

    private static Task RejectAsync(HttpContext context, OpenAiErrorResponse error)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, error);
    }
}
