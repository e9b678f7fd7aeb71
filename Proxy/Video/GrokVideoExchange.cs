using System.Buffers;
using System.Text.Json;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// One video generation with one account (docs/grok-protocol.md §12, docs/adr/0007): for
/// image-to-video upload the image and create an image post with its assets URL, for text-to-video
/// create a video post; then <c>conversations/new</c> with <c>videoGen</c>, reading the progress lines;
/// for 720p on an ssoBasic account upscale the finished video (a failed upscale keeps the original);
/// download the video (and its thumbnail) into the media cache and write it. Every step uses the
/// same leased account, so a 429, 401 or 403 at any step before the answer began moves the whole
/// exchange to another account. A moderated video is <see cref="UpstreamFailureKind.ContentBlocked"/>.
/// </summary>
internal sealed partial class GrokVideoExchange(
    VideoCall call,
    GrokMediaClients clients,
    UpstreamSection upstream,
    VideoSection video,
    ILogger logger) : IUpstreamExchange
{
    public string Name => "video";

    public async ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        var token = attempt.Lease.Token;
        var postId = await CreatePostAsync(attempt, token);
        if (postId.Failure is { } postFailure)
        {
            return postFailure;
        }

        var payload = GrokVideoPayload.Build(call.Prompt, call.Settings, postId.Id!, call.Temporary, call.DisableMemory);
        attempt.AnswerRequested();
        using var answer = await clients.Rest.SendStreamingAsync(GrokEndpoints.ConversationsNew, token, payload, UpstreamCallOptions.PipelineAttempt, attempt.Cancellation);
        if (answer.Response is not { } response)
        {
            return answer.Result.Failure;
        }

        var (result, failure) = await ReadAsync(attempt, response);
        if (failure is not null)
        {
            return failure;
        }

        return await FinishAsync(attempt, result!);
    }

    private async Task<(string? Id, UpstreamFailure? Failure)> CreatePostAsync(UpstreamAttempt attempt, string token)
    {
        MediaPostResult post;
        if (call.Image is { } image)
        {
            var upload = await clients.Uploader.UploadAsync(token, image, attempt.RequestAborted);
            if (!upload.IsSuccess || upload.FileUri is not { Length: > 0 } fileUri)
            {
                var failure = upload.Upstream.Failure ?? new UpstreamFailure(UpstreamFailureKind.ServerError, "no file id");
                return (null, failure with { Detail = "upload-file: " + failure.Detail });
            }

            post = await clients.Posts.CreateImagePostAsync(token, AssetsUrl(fileUri), attempt.RequestAborted);
        }
        else
        {
            post = await clients.Posts.CreateVideoPostAsync(token, call.Prompt, attempt.RequestAborted);
        }

        return post.Failure is { } postFailure
            ? (null, postFailure with { Detail = "media/post/create: " + postFailure.Detail })
            : (post.PostId, null);
    }

    // {assets}/<fileUri>, without a doubled slash (the original forgot to strip it for video).
    private string AssetsUrl(string fileUri) => upstream.AssetsUrl.Trim().TrimEnd('/') + "/" + fileUri.TrimStart('/');

    private async Task<(VideoResult? Result, UpstreamFailure? Failure)> ReadAsync(UpstreamAttempt attempt, HttpResponseMessage response)
    {
        var state = new VideoResult();
        var failed = await GrokAnswerLines.ReadAsync(attempt, response, (line, raw) => ValueTask.FromResult(Apply(attempt, line, raw, state)));
        if (failed is not null)
        {
            return (null, failed);
        }

        return state.VideoUrl is null
            ? (null, new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, "the video stream ended without a video") { Status = 200 })
            : (state, null);
    }

    // Returns the failure a line means (a moderated video), null to keep reading.
    private UpstreamFailure? Apply(UpstreamAttempt attempt, GrokLine line, ReadOnlySequence<byte> raw, VideoResult state)
    {
        if (line.VideoProgress is { } progress)
        {
            if (progress.Moderated)
            {
                return new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "the video was moderated") { Status = 200 };
            }

            state.VideoId ??= progress.VideoId;
            if (progress.VideoUrl is { } url)
            {
                state.VideoUrl = url;
                state.ThumbnailUrl = progress.ThumbnailImageUrl ?? state.ThumbnailUrl;
            }

            if (progress.Progress is { } percent && call.ShowProgress)
            {
                Begin(attempt);
                attempt.Writer.VideoProgress(percent);
                attempt.Writer.EndBatch();
            }
        }

        // Later versions deliver the finished video's URL only in modelResponse.fileAttachments.
        if (state.VideoUrl is null && line.ModelResponse is not null && VideoAttachmentOf(raw) is { } attached)
        {
            state.VideoUrl = attached;
        }

        return null;
    }

    private static void Begin(UpstreamAttempt attempt)
    {
        if (!attempt.Committed)
        {
            attempt.Commit();
            attempt.Writer.Begin();
        }
    }

    private async Task<UpstreamFailure?> FinishAsync(UpstreamAttempt attempt, VideoResult result)
    {
        var token = attempt.Lease.Token;
        var videoPath = result.VideoUrl!;

        // Upscale and downloads have their own time limits (video.timeout, asset.download_timeout);
        // the attempt's silence limit no longer applies once the stream has ended.
        if (call.Settings.UpscaleOnBasic && attempt.Lease.Pool == TokenPools.Basic
            && (result.VideoId ?? GrokVideoParameters.VideoIdOf(videoPath)) is { } videoId)
        {
            if (call.ShowProgress)
            {
                Begin(attempt);
                attempt.Writer.ReasoningNote("Upscaling video\n"u8);
                attempt.Writer.EndBatch();
                await attempt.FlushAsync();
            }

            if (await UpscaleAsync(token, videoId, attempt.RequestAborted) is { } hd)
            {
                videoPath = hd;
            }
            else
            {
                Log.UpscaleFailed(logger, attempt.Lease.TokenId);
            }
        }

        var url = await clients.Media.CacheAsync(MediaKind.Video, token, videoPath, attempt.Http.Request, attempt.RequestAborted);
        if (url is null)
        {
            Log.DownloadFailed(logger, attempt.Lease.TokenId);
            return new UpstreamFailure(UpstreamFailureKind.ServerError, "the finished video could not be downloaded from the assets host") { Status = 200 };
        }

        var poster = result.ThumbnailUrl is { } thumbnail
            ? await clients.Media.CacheAsync(MediaKind.Image, token, thumbnail, attempt.Http.Request, attempt.RequestAborted)
            : null;
        Begin(attempt);
        attempt.Writer.Video(url, poster);
        attempt.Writer.EndBatch();
        attempt.Writer.Complete();
        return null;
    }

    // docs/grok-protocol.md §12.4: the answer's hdMediaUrl replaces the video; any failure keeps the original.
    private async Task<string?> UpscaleAsync(string token, string videoId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["videoId"] = videoId }, MediaJsonContext.Default.DictionaryStringString);
        var result = await clients.Rest.SendAsync(GrokEndpoints.VideoUpscale, token, body, UpstreamCallOptions.WithTimeoutSeconds(video.Timeout), cancellationToken);
        if (!result.IsSuccess)
        {
            return null;
        }

        return GrokAnswerJson.StringAt(result.Body, "hdMediaUrl");
    }

    // The first string of result.response.modelResponse.fileAttachments that looks like a video path; one pass over the line.
    private static string? VideoAttachmentOf(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        var inAttachments = false;
        var depth = 0;
        try
        {
            while (reader.Read())
            {
                if (!inAttachments)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("fileAttachments"u8))
                    {
                        if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                        {
                            inAttachments = true;
                            depth = reader.CurrentDepth;
                        }
                    }

                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth)
                {
                    inAttachments = false;
                }
                else if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } value
                    && value.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private sealed class VideoResult
    {
        public string? VideoId { get; set; }

        public string? VideoUrl { get; set; }

        public string? ThumbnailUrl { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = Diagnostics.EventIds.VideoUpscaleFailed, Level = LogLevel.Warning, Message = "Upscaling a video on token {TokenId} failed; the original video is kept")]
        public static partial void UpscaleFailed(ILogger logger, string tokenId);

        [LoggerMessage(EventId = Diagnostics.EventIds.VideoDownloadFailed, Level = LogLevel.Warning, Message = "The finished video of token {TokenId} could not be downloaded into the media cache")]
        public static partial void DownloadFailed(ILogger logger, string tokenId);
    }
}
