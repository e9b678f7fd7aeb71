using System.Security.Cryptography;
using System.Text;
using Grok2Api.Storage.Configuration;
using Grok2Api.Transforms.OpenAi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// Guards the OpenAI API with <c>app.api_key</c> (read live, so a key change applies at once). An
/// empty key leaves the API open. Keys are compared in constant time over their SHA-256 digests,
/// which also hides the key length.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<GrokConfig> config)
{
    public Task InvokeAsync(HttpContext context)
    {
        var expected = config.CurrentValue.App.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return next(context);
        }

        var presented = ReadBearer(context.Request.Headers.Authorization.ToString());
        if (presented is null)
        {
            return RejectAsync(context, OpenAiErrors.MissingApiKey());
        }

        return KeysEqual(presented, expected) ? next(context) : RejectAsync(context, OpenAiErrors.InvalidApiKey());
    }

    internal static string? ReadBearer(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = header[Scheme.Length..].Trim();
        return value.Length == 0 ? null : value;
    }

    internal static bool KeysEqual(string presented, string expected)
    {
        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static Task RejectAsync(HttpContext context, OpenAiErrorResponse error)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, error);
    }
}
