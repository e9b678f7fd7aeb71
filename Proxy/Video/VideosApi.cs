using System.Globalization;
using Grok2Api.Transforms.OpenAi.Videos;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// The OpenAI Videos API (docs/adr/0007, docs/compatibility.md): <c>POST /v1/videos</c> (JSON or
/// multipart/form-data, as the SDKs send it), <c>GET /v1/videos/{id}</c>, <c>GET /v1/videos/{id}/content</c>
/// (the cached MP4 with Range support, or <c>?variant=thumbnail</c>), <c>GET /v1/videos</c> (list with
/// <c>after</c>, <c>limit</c>, <c>order</c>) and <c>DELETE /v1/videos/{id}</c>. Errors in the OpenAI shape;
/// an unknown id is a 404.
/// </summary>
internal static class VideosApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapVideos(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/videos", CreateAsync);
        endpoints.MapGet("/v1/videos", List);
        endpoints.MapGet("/v1/videos/{id}", Get);
        endpoints.MapGet("/v1/videos/{id}/content", Content);
        endpoints.MapDelete("/v1/videos/{id}", Delete);
        return endpoints;
    }

    private static async Task CreateAsync(
        HttpContext context, VideoJobs jobs, IAttachmentLoader attachments, OpenAiRequestGate gate, IOptionsMonitor<ChatSection> chat, IModelAliasSource modelAliases)
    {
        var cancellationToken = context.RequestAborted;
        var maxBody = OpenAiRequestGate.MaxBodyBytes(chat.CurrentValue);

        // Room for the body is reserved in the memory budget chat shares before a byte of it is read.
        using var held = await gate.ReserveAsync(context);
        if (held is null)
        {
            return;
        }

        VideoCreateFields? fields;
        LoadedAttachment? file = null;
        if (JsonContentType.IsJson(context.Request.ContentType))
        {
            using var body = await BoundedBody.ReadHeldAsync(context.Request, maxBody, cancellationToken);
            if (body is null)
            {
                await gate.TooLargeAsync(context);
                return;
            }

            if (!VideoCreateReader.TryRead(body.Memory, out fields, out var readError))
            {
                await ErrorAsync(context, 400, readError);
                return;
            }
        }
        else if (context.Request.HasFormContentType
            && context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var (formFields, formFile, formError) = await ReadFormAsync(context, maxBody);
            if (formError is not null)
            {
                await ErrorAsync(context, 400, formError);
                return;
            }

            fields = formFields!;
            file = formFile;
        }
        else
        {
            await ErrorAsync(context, 415, new OpenAiError(
                "This endpoint takes a JSON body (application/json) or a multipart/form-data form.", OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return;
        }

        if (!VideoCreateMapping.TryMap(fields, modelAliases.Current, out var request, out var status, out var mapError))
        {
            await OpenAiErrorWriter.WriteAsync(context, status, mapError);
            return;
        }

        context.Items[ProxyTelemetry.ModelItemKey] = request.Model.Id;
        if (file is null && request.InputReferenceUrl is { } reference)
        {
            var loaded = await attachments.LoadAsync(new ConversationAttachment(ConversationPartKind.Image, reference, null, "input_reference"), context.Request, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await ErrorAsync(context, 400, loadError);
                return;
            }

            // The job outlives the request: keep a copy of the bytes, never a slice of a pooled body.
            var attachment = loaded.Attachment!;
            file = new LoadedAttachment(attachment.Content.ToArray(), attachment.MimeType, attachment.FileName);
        }

        var job = await jobs.StartAsync(request, file, context.Request, cancellationToken);
        if (job is null)
        {
            context.Response.Headers.RetryAfter = "60";
            await ErrorAsync(context, 429, new OpenAiError($"{VideoJobs.MaxJobs} video jobs are held; delete finished ones or wait for video.job_retention.", OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        await JsonAsync(context, VideoJsonWriter.Video(job));
    }

    private static async Task<(VideoCreateFields? Fields, LoadedAttachment? File, OpenAiError? Error)> ReadFormAsync(HttpContext context, long maxBody)
    {
        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
            {
                MultipartBodyLengthLimit = maxBody,
                ValueCountLimit = 64,
                ValueLengthLimit = 1024 * 1024,
                MultipartHeadersLengthLimit = 16 * 1024,
                KeyLengthLimit = 256,
            }));
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or FormatException)
        {
            return (null, null, new OpenAiError("The multipart form could not be read: " + e.Message, OpenAiErrorTypes.InvalidRequest, null, "invalid_form"));
        }
        catch (ArgumentException)
        {
            // ASP.NET Core's form reader throws this for some part headers it parsed (a "filename*"
            // parameter without a value); its message names an internal parameter, not the form's fault.
            return (null, null, new OpenAiError("The multipart form could not be read: a part has a malformed Content-Disposition header.", OpenAiErrorTypes.InvalidRequest, null, "invalid_form"));
        }

        LoadedAttachment? file = null;
        if (form.Files.GetFile("input_reference") is { } upload)
        {
            var mime = upload.ContentType is { Length: > 0 } type ? type.Split(';')[0].Trim().ToLowerInvariant() : "";
            if (mime is not ("image/png" or "image/jpeg" or "image/webp" or "image/gif"))
            {
                return (null, null, new OpenAiError(
                    $"'input_reference' must be a PNG, JPEG, WebP or GIF image; got '{VideoRequestErrors.Echo(mime.Length == 0 ? "(none)" : mime)}'.", OpenAiErrorTypes.InvalidRequest, "input_reference", "invalid_value"));
            }

            if (upload.Length == 0)
            {
                return (null, null, new OpenAiError("'input_reference' is empty.", OpenAiErrorTypes.InvalidRequest, "input_reference", "invalid_value"));
            }

            var bytes = new byte[upload.Length];
            await using (var stream = upload.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, context.RequestAborted);
            }

            var extension = mime switch { "image/png" => "png", "image/webp" => "webp", "image/gif" => "gif", _ => "jpg" };
            file = new LoadedAttachment(bytes, mime, "image." + extension);
        }

        var fields = new VideoCreateFields
        {
            Model = Value(form, "model"),
            Prompt = Value(form, "prompt"),
            Seconds = Value(form, "seconds"),
            Size = Value(form, "size"),
            Preset = Value(form, "preset"),
            InputReferenceUrl = file is null ? Value(form, "input_reference") : null,
            HasInputReferenceFile = file is not null,
        };
        return (fields, file, null);
    }

    private static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    private static async Task Get(HttpContext context, string id, VideoJobs jobs)
    {
        if (await jobs.FindAsync(id, context.RequestAborted) is { } job)
        {
            await JsonAsync(context, VideoJsonWriter.Video(job.View));
        }
        else
        {
            await NotFoundAsync(context, id);
        }
    }

    private static async Task Delete(HttpContext context, string id, VideoJobs jobs)
    {
        if (!await jobs.DeleteAsync(id, context.RequestAborted))
        {
            await NotFoundAsync(context, id);
            return;
        }

        await JsonAsync(context, VideoJsonWriter.Deleted(id));
    }

    private static async Task List(HttpContext context, VideoJobs jobs)
    {
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
            {
                await ErrorAsync(context, 400, new OpenAiError($"'limit' must be a whole number from 1 to {MaxLimit}.", OpenAiErrorTypes.InvalidRequest, "limit", "invalid_value"));
                return;
            }
        }

        var order = query.TryGetValue("order", out var orderText) ? orderText.ToString() : "desc";
        if (order is not ("asc" or "desc"))
        {
            await ErrorAsync(context, 400, new OpenAiError("'order' must be asc or desc.", OpenAiErrorTypes.InvalidRequest, "order", "invalid_value"));
            return;
        }

        var all = await jobs.AllAsync(context.RequestAborted);
        var ordered = order == "asc" ? all : all.Reverse().ToList();
        var start = 0;
        if (query.TryGetValue("after", out var afterText) && afterText.ToString() is { Length: > 0 } after)
        {
            var index = -1;
            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].View.Id == after)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                await ErrorAsync(context, 400, new OpenAiError($"'after' names no video job ('{VideoRequestErrors.Echo(after)}').", OpenAiErrorTypes.InvalidRequest, "after", "invalid_value"));
                return;
            }

            start = index + 1;
        }

        var page = new List<VideoJobView>(Math.Min(limit, Math.Max(0, ordered.Count - start)));
        for (var i = start; i < ordered.Count && page.Count < limit; i++)
        {
            page.Add(ordered[i].View);
        }

        await JsonAsync(context, VideoJsonWriter.List(page, start + page.Count < ordered.Count));
    }

    private static async Task<IResult> Content(HttpContext context, string id, VideoJobs jobs, IMediaCache cache)
    {
        if (await jobs.FindAsync(id, context.RequestAborted) is not { } job)
        {
            return NotFound(id);
        }

        var variant = context.Request.Query.TryGetValue("variant", out var variantText) ? variantText.ToString() : "video";
        if (variant is not ("video" or "thumbnail"))
        {
            return OpenAiErrorWriter.Result(400, new OpenAiErrorResponse(new OpenAiError(
                "'variant' must be video or thumbnail.", OpenAiErrorTypes.InvalidRequest, "variant", "invalid_value")));
        }

        if (job.VideoUrl is not { } videoUrl)
        {
            return OpenAiErrorWriter.Result(400, new OpenAiErrorResponse(new OpenAiError(
                $"The video '{id}' is not ready: its status is {VideoJsonWriter.StatusText(job.View.Status)}.", OpenAiErrorTypes.InvalidRequest, null, "video_not_ready")));
        }

        var (kind, url) = variant == "video" ? (MediaKind.Video, videoUrl) : (MediaKind.Image, job.PosterUrl);
        if (url is not null && cache.Find(kind, FileNameOf(url)) is { } path)
        {
            return ServeFile(context, path, kind == MediaKind.Video ? "video/mp4" : MediaFileNames.ContentTypeOf(path));
        }

        // Another instance's job whose file is not in this instance's cache: its media cache URL serves it.
        if (!job.Local && url is not null && Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "http" or "https")
        {
            return TypedResults.Redirect(link.AbsoluteUri);
        }

        return OpenAiErrorWriter.Result(404, new OpenAiErrorResponse(new OpenAiError(
            $"The {variant} of video '{id}' is no longer in the media cache.", OpenAiErrorTypes.InvalidRequest, null, "file_not_found")));
    }

    // The file as /v1/files serves it: Range requests, validators; the job id is not immutable content, so no long caching.
    private static IResult ServeFile(HttpContext context, string path, string contentType)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return OpenAiErrorWriter.Result(404, new OpenAiErrorResponse(new OpenAiError("The video is no longer in the media cache.", OpenAiErrorTypes.InvalidRequest, null, "file_not_found")));
        }

        var lastWrite = File.GetLastWriteTimeUtc(path);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"{lastWrite.Ticks:x}-{stream.Length:x}\"");
        return TypedResults.File(stream, contentType, null, new DateTimeOffset(lastWrite), etag, enableRangeProcessing: true);
    }

    // The cache file name is the last segment of its /v1/files URL.
    private static string FileNameOf(string url) => Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]);

    private static Task NotFoundAsync(HttpContext context, string id) =>
        OpenAiErrorWriter.WriteAsync(context, 404, NotFoundError(id));

    private static IResult NotFound(string id) => OpenAiErrorWriter.Result(404, NotFoundError(id));

    private static OpenAiErrorResponse NotFoundError(string id) => new(new OpenAiError(
        $"No video job '{VideoRequestErrors.Echo(id)}' (unknown, deleted, or expired after video.job_retention).", OpenAiErrorTypes.InvalidRequest, "video_id", "video_not_found"));

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private static async Task JsonAsync(HttpContext context, byte[] json)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
