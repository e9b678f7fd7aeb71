using System.Text.Json;
using System.Text.Json.Serialization;
using Grok2Api.AdminApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.Proxy.Media;

/// <summary>
/// The admin cache endpoints on the local media cache (<c>DATA_DIR/tmp/image</c>, <c>DATA_DIR/tmp/video</c>):
/// statistics, a newest-first listing, deleting one file and clearing a kind. Only cached files count
/// here: names that are safe cache names (<see cref="MediaFileNames.IsSafe"/>) directly inside a cache
/// directory, so a file being written (<see cref="MediaDirectories.TempPrefix"/>), hidden files and
/// nested folders are never listed or deleted, and no name can reach outside the directory. The
/// endpoints sit on the admin route group behind the admin authentication; errors are problem details.
/// </summary>
internal static class MediaAdminApi
{
    /// <summary>Top-level regular files only; symbolic links are not followed.</summary>
    private static readonly EnumerationOptions TopLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Directory,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    /// <summary>How many files one <c>POST /cache/clear</c> may name.</summary>
    private const int MaxNamesPerClear = 1000;

    /// <summary>Maps <c>/cache</c>, <c>/cache/files</c>, <c>/cache/files/{type}/{name}</c> and <c>/cache/clear</c> onto the admin group.</summary>
    public static RouteGroupBuilder MapMediaAdminApi(this RouteGroupBuilder admin)
    {
        var cache = admin.MapGroup("/cache").RequireAdminAuth();
        cache.MapGet("", Stats);
        cache.MapGet("/files", List);
        cache.MapDelete("/files/{type}/{name}", Delete);
        cache.MapPost("/clear", ClearAsync);
        return admin;
    }

    private static JsonHttpResult<MediaCacheStatsResponse> Stats(MediaDirectories directories, IOptionsMonitor<CacheSection> cacheOptions)
    {
        static MediaCacheKindStats Of(IEnumerable<FileInfo> files)
        {
            long count = 0, bytes = 0;
            foreach (var file in files)
            {
                count++;
                bytes += file.Length;
            }

            return new MediaCacheKindStats(count, bytes);
        }

        return TypedResults.Json(
            new MediaCacheStatsResponse(
                Of(CachedFiles(directories, MediaKind.Image)),
                Of(CachedFiles(directories, MediaKind.Video)),
                cacheOptions.CurrentValue.LimitMb),
            MediaAdminJsonContext.Default.MediaCacheStatsResponse);
    }

    private static Results<JsonHttpResult<MediaCacheListResponse>, ValidationProblem> List(HttpRequest request, MediaDirectories directories)
    {
        var errors = new Dictionary<string, string[]>();
        var query = request.Query;
        MediaKind[] kinds = [MediaKind.Image, MediaKind.Video];
        var typeText = query["type"].ToString();
        if (!string.IsNullOrEmpty(typeText))
        {
            if (MediaFileNames.KindOf(typeText) is { } kind)
            {
                kinds = [kind];
            }
            else
            {
                errors["type"] = ["Use image or video."];
            }
        }

        var (page, pageSize) = AdminPaging.Read(query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var files = kinds
            .SelectMany(kind => CachedFiles(directories, kind).Select(file => (Kind: kind, File: file)))
            .OrderByDescending(entry => entry.File.LastWriteTimeUtc)
            .ThenBy(entry => entry.File.Name, StringComparer.Ordinal)
            .ToList();
        var items = files
            .Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue))
            .Take(pageSize)
            .Select(entry =>
            {
                var segment = MediaFileNames.SegmentOf(entry.Kind);
                return new MediaCacheFileView(
                    entry.File.Name,
                    segment,
                    entry.File.Length,
                    new DateTimeOffset(entry.File.LastWriteTimeUtc, TimeSpan.Zero),
                    $"/v1/files/{segment}/{entry.File.Name}");
            })
            .ToList();
        return TypedResults.Json(
            new MediaCacheListResponse(items, files.Count, page, pageSize), MediaAdminJsonContext.Default.MediaCacheListResponse);
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string type, string name, MediaDirectories directories)
    {
        // An unsafe name (traversal, a temp or hidden file, a nested path) is simply not a cached file.
        if (MediaFileNames.KindOf(type) is not { } kind || !MediaFileNames.IsSafe(name))
        {
            return NotFound();
        }

        var file = new FileInfo(directories.FileOf(kind, name));
        if (!file.Exists || (file.Attributes & (FileAttributes.Directory | FileAttributes.ReparsePoint)) != 0)
        {
            return NotFound();
        }

        try
        {
            file.Delete();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return NotFound();
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<JsonHttpResult<MediaCacheClearResponse>, ValidationProblem, ProblemHttpResult>> ClearAsync(
        HttpRequest request, MediaDirectories directories, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send a JSON body with 'Content-Type: application/json'.");
        }

        MediaCacheClearRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, MediaAdminJsonContext.Default.MediaCacheClearRequest, cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (MediaFileNames.KindOf(body?.Type) is not { } kind)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = ["Required: image or video."] });
        }

        if (body!.Names is { Count: > MaxNamesPerClear })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["names"] = [$"At most {MaxNamesPerClear} names at once."] });
        }

        // Names given: only those files (an unsafe or unknown name is simply not a cached file); none: every file of the type.
        var files = body.Names is { } names
            ? names.Where(name => name is not null && MediaFileNames.IsSafe(name)).Distinct(StringComparer.Ordinal)
                .Select(name => new FileInfo(directories.FileOf(kind, name)))
                .Where(file => file.Exists && (file.Attributes & (FileAttributes.Directory | FileAttributes.ReparsePoint)) == 0)
                .ToList()
            : CachedFiles(directories, kind).ToList();
        int deleted = 0;
        long freed = 0;
        foreach (var file in files)
        {
            try
            {
                var length = file.Length;
                file.Delete();
                deleted++;
                freed += length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already, or in use: not counted.
            }
        }

        return TypedResults.Json(new MediaCacheClearResponse(deleted, freed), MediaAdminJsonContext.Default.MediaCacheClearResponse);
    }

    /// <summary>The cached files of a kind: safe names directly in its directory (never temp, hidden or nested ones).</summary>
    private static IEnumerable<FileInfo> CachedFiles(MediaDirectories directories, MediaKind kind)
    {
        var directory = new DirectoryInfo(directories.Of(kind));
        if (!directory.Exists)
        {
            yield break;
        }

        foreach (var file in directory.EnumerateFiles("*", TopLevel))
        {
            if (!MediaFileNames.IsSafe(file.Name))
            {
                continue;
            }

            file.Refresh();
            if (file.Exists)
            {
                yield return file;
            }
        }
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "File not found",
        detail: "No cached file has this type and name. Types are image and video; names are as listed at GET /v1/admin/cache/files.");
}

/// <summary>The number and total size of the cached files of one kind.</summary>
/// <param name="Count">Cached files.</param>
/// <param name="Bytes">Their total size.</param>
internal sealed record MediaCacheKindStats(long Count, long Bytes);

/// <summary>The answer of <c>GET /v1/admin/cache</c>.</summary>
/// <param name="Image">Cached images.</param>
/// <param name="Video">Cached videos.</param>
/// <param name="LimitMb">The configured <c>cache.limit_mb</c>.</param>
internal sealed record MediaCacheStatsResponse(MediaCacheKindStats Image, MediaCacheKindStats Video, int LimitMb);

/// <summary>One cached file in <c>GET /v1/admin/cache/files</c>.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Type"><c>image</c> or <c>video</c>.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="ModifiedAt">Its last write time (UTC).</param>
/// <param name="Url">The relative <c>/v1/files/{type}/{name}</c> URL it is served at.</param>
internal sealed record MediaCacheFileView(string Name, string Type, long Bytes, DateTimeOffset ModifiedAt, string Url);

/// <summary>A page of cached files, newest first.</summary>
/// <param name="Items">The files of the page.</param>
/// <param name="Total">All matching files.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="PageSize">Files per page.</param>
internal sealed record MediaCacheListResponse(IReadOnlyList<MediaCacheFileView> Items, int Total, int Page, int PageSize);

/// <summary>The body of <c>POST /v1/admin/cache/clear</c>.</summary>
/// <param name="Type"><c>image</c> or <c>video</c>.</param>
/// <param name="Names">The files of that type to delete (as listed); absent or null deletes every file of the type.</param>
internal sealed record MediaCacheClearRequest(string? Type, IReadOnlyList<string>? Names = null);

/// <summary>The answer of <c>POST /v1/admin/cache/clear</c>.</summary>
/// <param name="Deleted">Files deleted.</param>
/// <param name="FreedBytes">Their total size.</param>
internal sealed record MediaCacheClearResponse(int Deleted, long FreedBytes);

/// <summary>Source-generated snake_case JSON for the admin cache endpoints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MediaCacheStatsResponse))]
[JsonSerializable(typeof(MediaCacheListResponse))]
[JsonSerializable(typeof(MediaCacheClearRequest))]
[JsonSerializable(typeof(MediaCacheClearResponse))]
internal sealed partial class MediaAdminJsonContext : JsonSerializerContext;
