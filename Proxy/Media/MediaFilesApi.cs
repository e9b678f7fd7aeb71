using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// <c>GET|HEAD /v1/files/{image|video}/{name}</c>: cached media, without an API key (the URL is the
/// capability, as in the original), with Range requests, validators and a year of immutable caching.
/// Anything that is not a cached file (unknown kind, nested or unsafe name, missing file) is a 404 in
/// the OpenAI error shape. The Content-Type comes from the file's first bytes, then its extension
/// (<see cref="MediaContentTypes"/>).
/// </summary>
internal static class MediaFilesApi
{
    private const string CacheControl = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapMediaFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/v1/files/{kind}/{**name}", [HttpMethods.Get, HttpMethods.Head], Serve);
        return endpoints;
    }

    private static async Task<IResult> Serve(string kind, string? name, HttpContext context, IMediaCache cache)
    {
        var parsed = MediaFileNames.KindOf(kind);
        name = MediaFileNames.FromUrlPath(name);
        if (parsed is not { } mediaKind || name is null || cache.Find(mediaKind, name) is not { } path)
        {
            return NotFound(parsed);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Trimmed between the lookup and the open.
            return NotFound(mediaKind);
        }

        // The type comes from the content first: upload paths end in "content", and an extension may lie.
        var head = new byte[MediaContentTypes.HeadLength];
        int read;
        try
        {
            read = await RandomAccess.ReadAsync(stream.SafeFileHandle, head, 0, context.RequestAborted);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        var contentType = MediaContentTypes.Of(mediaKind, name, head.AsSpan(0, read));
        IgnoreForeignRangeUnits(context.Request);
        var lastWrite = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"{lastWrite.Ticks:x}-{stream.Length:x}\"");
        return TypedResults.File(stream, contentType, null, new DateTimeOffset(lastWrite), etag, enableRangeProcessing: true);
    }

    /// <summary>
    /// A Range in a unit other than bytes must be ignored (RFC 9110 §14.2); the framework's range
    /// handling does not look at the unit, so such a header is dropped here and the whole file is sent.
    /// </summary>
    private static void IgnoreForeignRangeUnits(HttpRequest request)
    {
        var range = request.Headers.Range;
        if (range.Count > 0 && !range.ToString().TrimStart().StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Remove(HeaderNames.Range);
        }
    }

    private static IResult NotFound(MediaKind? kind)
    {
        var what = kind switch
        {
            MediaKind.Image => "Image",
            MediaKind.Video => "Video",
            _ => "File",
        };
        return OpenAiErrorWriter.Result(
            StatusCodes.Status404NotFound, OpenAiErrors.Create($"{what} not found.", OpenAiErrorTypes.InvalidRequest, null, "file_not_found"));
    }
}
