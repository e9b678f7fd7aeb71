using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Admin;

/// <summary>
/// Answers a request with one file of a built web app (the admin app or the public pages): the page
/// for every route (never cached, with its Content-Security-Policy), a hashed asset for a year, a
/// strong ETag and 304 on a match, and the headers that keep the page from being sniffed or framed.
/// </summary>
internal static class AppFileServer
{
    /// <summary>Serves <paramref name="path"/> of <paramref name="files"/>, or the page when the path's last segment has no dot.</summary>
    /// <param name="context">The request.</param>
    /// <param name="files">The app's files.</param>
    /// <param name="path">The path below the app's prefix, without a leading slash.</param>
    /// <param name="contentSecurityPolicy">The policy sent with the page.</param>
    /// <param name="notBuilt">The text of the 503 answered when the app was not built into the service.</param>
    public static Task ServeAsync(HttpContext context, AdminAppFiles files, string path, string contentSecurityPolicy, string notBuilt)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (!files.IsBuilt)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync(notBuilt, context.RequestAborted);
        }

        // A path whose last segment has no extension is a route of the app: the page answers it.
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        var file = lastSegment.Contains('.', StringComparison.Ordinal) ? files.Find(path) : files.Index;
        if (file is null)
        {
            return NotFoundAsync(context);
        }

        if (file == files.Index)
        {
            headers.ContentSecurityPolicy = contentSecurityPolicy;
        }

        ResponseHeaders typed = response.GetTypedHeaders();
        typed.ETag = new EntityTagHeaderValue(file.ETag);
        headers.CacheControl = file.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }

    /// <summary>A plain-text 404 (never the page: a missing script must not be answered with HTML).</summary>
    /// <param name="context">The request.</param>
    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Not found.", context.RequestAborted);
    }
}
