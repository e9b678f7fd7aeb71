namespace Grok2Api.Proxy.OpenAi;

/// <summary>Which error shape and which authentication a path gets.</summary>
internal static class ApiPaths
{
    /// <summary>The OpenAI-compatible API: OpenAI error shape, <c>app.api_key</c>.</summary>
    public static bool IsOpenAi(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && !IsAdmin(path);

    /// <summary>
    /// The Anthropic Messages API (<c>/v1/messages</c> and below): part of the OpenAI-compatible API for
    /// authentication (<c>app.api_key</c>, also as <c>x-api-key</c>), but every error in Anthropic's shape.
    /// </summary>
    public static bool IsAnthropic(PathString path) =>
        path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase);

    /// <summary>The admin API: problem details, <c>app.app_key</c>.</summary>
    public static bool IsAdmin(PathString path) =>
        path.StartsWithSegments("/v1/admin", StringComparison.OrdinalIgnoreCase);

    /// <summary>Cached media: the URL itself is the capability (as in the original), no key.</summary>
    /// <summary>The public playground API (<c>/v1/public</c>): its own gate and key, not <c>app.api_key</c>.</summary>
    /// <param name="path">The request path.</param>
    public static bool IsPublic(PathString path) =>
        path.StartsWithSegments("/v1/public", StringComparison.OrdinalIgnoreCase);

    public static bool IsFiles(PathString path) =>
        path.StartsWithSegments("/v1/files", StringComparison.OrdinalIgnoreCase);
}
