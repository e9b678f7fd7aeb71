namespace Grok2Api.Proxy.Public;

/// <summary>The paths of the public playground API.</summary>
internal static class PublicRoutes
{
    /// <summary>The prefix of every route.</summary>
    public const string Prefix = "/v1/public";

    /// <summary>Whether a path is under <see cref="Prefix"/>.</summary>
    public static bool IsPublic(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The routes that need no key: login, logout and the Imagine config.</summary>
    public static bool IsOpen(PathString path) =>
        Is(path, "/login") || Is(path, "/logout") || Is(path, "/imagine/config");

    /// <summary>The routes a browser opens without headers, which take <c>?public_key=</c> or a live <c>task_id</c>.</summary>
    public static bool IsStream(PathString path) =>
        Is(path, "/imagine/sse") || Is(path, "/imagine/ws") || Is(path, "/video/sse");

    private static bool Is(PathString path, string route) =>
        string.Equals(path.Value, Prefix + route, StringComparison.OrdinalIgnoreCase)
        || string.Equals(path.Value, Prefix + route + "/", StringComparison.OrdinalIgnoreCase);
}
