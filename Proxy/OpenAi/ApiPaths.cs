namespace Grok2Api.Proxy.OpenAi;

/// <summary>Which error shape and which authentication a path gets.</summary>
internal static class ApiPaths
{
    /// <summary>The OpenAI-compatible API: OpenAI error shape, <c>app.api_key</c>.</summary>
    public static bool IsOpenAi(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && !IsAdmin(path);

    /// <summary>The admin API: problem details, <c>app.app_key</c>.</summary>
    public static bool IsAdmin(PathString path) =>
        path.StartsWithSegments("/v1/admin", StringComparison.OrdinalIgnoreCase);

    /// <summary>Cached media: the URL itself is the capability (as in the original), no key.</summary>
    public static bool IsFiles(PathString path) =>
        path.StartsWithSegments("/v1/files", StringComparison.OrdinalIgnoreCase);
}
