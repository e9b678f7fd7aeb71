using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.ImageEdit;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// The image-edit exchange (docs/grok-protocol.md §13, docs/adr/0009): with one account, upload every
/// source image (upload-file), create the parent media post from the first one, then run one
/// <c>conversations/new</c> call with the image-edit model map per two images asked for, one after
/// another; each finished image is fetched through the media cache and handed to the writer as a
/// <see cref="GeneratedImage"/>. The answer begins with the first finished image, so a rate limit,
/// a rejected credential or a refusal anywhere before it moves to another account; a stream of the
/// images API (<see cref="ImageEditCall.StreamPartials"/>) begins earlier, with the first intermediate
/// rendering the upstream shows, written as a partial image, as an image-generation stream does. One instance per
/// request; each attempt runs it with its own account.
/// </summary>
internal sealed partial class ImageEditExchange(
    ImageEditCall call,
    GrokMediaClients clients,
    string assetsUrl,
    ILogger logger) : IUpstreamExchange
{
    public string Name => "image_edit";

    public async ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        var token = attempt.Lease.Token;
        var references = new List<string>(call.Sources.Count);
        foreach (var source in call.Sources)
        {
            var upload = await clients.Uploader.UploadAsync(token, source, attempt.RequestAborted);
            if (!upload.IsSuccess)
            {
                var failure = upload.Upstream.Failure ?? new UpstreamFailure(UpstreamFailureKind.ServerError, "no file id");
                return failure with { Detail = "upload-file: " + failure.Detail };
            }

            if (upload.FileUri is not { Length: > 0 } fileUri)
            {
                return new UpstreamFailure(UpstreamFailureKind.ServerError, "upload-file: answered without a fileUri") { Status = upload.Upstream.StatusCode };
            }

            references.Add(GrokImageEdit.AssetUrl(assetsUrl, fileUri));
        }

        var post = await clients.Posts.CreateImagePostAsync(token, references[0], attempt.RequestAborted);
        var parentPostId = post.PostId;
        if (post.Failure is { } postFailure)
        {
            // The account's own trouble moves to another account; anything else only costs the parent post (§13).
            if (postFailure.Kind is UpstreamFailureKind.RateLimited or UpstreamFailureKind.Unauthorized or UpstreamFailureKind.Forbidden)
            {
                return postFailure with { Detail = "media/post/create: " + postFailure.Detail };
            }

            parentPostId = GrokImageEdit.PostIdFromPath(references[0]);
            Log.PostFallback(logger, attempt.Lease.TokenId, postFailure.Tag, parentPostId is not null);
        }

        var payload = GrokChatPayload.Build(GrokImageEdit.PayloadOptions(call.Prompt, references, parentPostId, call.Temporary, call.DisableMemory));
        var result = new EditResult();
        for (var i = 0; i < GrokImageEdit.CallsFor(call.Count) && result.Delivered < call.Count; i++)
        {
            var turn = new GrokImageEditTurn(Math.Min(GrokImageEdit.ImagesPerCall, call.Count - result.Delivered));
            var failure = await RunCallAsync(attempt, payload, turn, result);
            if (failure is not null)
            {
                return failure;
            }

            result.Moderated |= turn.Moderated;
        }

        if (result.Delivered == 0)
        {
            return result.Moderated
                ? new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "the upstream moderated the edited image") { Status = 200 }
                : new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, result.Unreachable > 0 ? "the edited images could not be downloaded" : "the edit returned no images") { Status = 200 };
        }

        if (result.Delivered < call.Count)
        {
            var missing = call.Count - result.Delivered;
            var reason = result.Moderated ? "the upstream withheld them by moderation"
                : result.Unreachable > 0 ? "they could not be downloaded"
                : "the upstream returned fewer images";
            Log.ImagesMissing(logger, attempt.Lease.TokenId, missing, call.Count);
            attempt.Writer.ImagesMissing(missing, reason);
        }

        attempt.Writer.Complete();
        return null;
    }

    private async Task<UpstreamFailure?> RunCallAsync(UpstreamAttempt attempt, byte[] payload, GrokImageEditTurn turn, EditResult result)
    {
        attempt.AnswerRequested();
        using var answer = await clients.Rest.SendStreamingAsync(GrokEndpoints.ConversationsNew, attempt.Lease.Token, payload, UpstreamCallOptions.PipelineAttempt, attempt.Cancellation);
        if (answer.Response is not { } response)
        {
            var failure = answer.Result.Failure ?? new UpstreamFailure(UpstreamFailureKind.ServerError, "no answer");
            return failure with { Detail = "conversations/new: " + failure.Detail };
        }

        // This call's images take the places after those already delivered (a partial's index is its final's).
        var first = result.Delivered;
        return await GrokAnswerLines.ReadAsync(attempt, response, async (line, _) =>
        {
            var progress = turn.Apply(line);
            if (call.StreamPartials && turn.PartialOf(progress) is { } partial)
            {
                await ShowPartialAsync(attempt, partial, first + partial.ImageIndex);
            }

            foreach (var path in turn.TakeNew())
            {
                await DeliverAsync(attempt, path, result);
            }

            return null;
        });
    }

    // Fetches one finished image through the media cache and writes it; an image that cannot be fetched is counted, not fatal.
    private async Task DeliverAsync(UpstreamAttempt attempt, string path, EditResult result)
    {
        if (await ImageOfAsync(attempt, path, result.Delivered, GeneratedImageStage.Final) is not { } image)
        {
            result.Unreachable++;
            Log.ImageUnreachable(logger, attempt.Lease.TokenId);
            return;
        }

        Begin(attempt);
        attempt.Writer.GeneratedImage(image);
        attempt.Writer.EndBatch();
        result.Delivered++;
    }

    // A stream's partial image (image_edit.partial_image), written at once; one that cannot be fetched is skipped.
    private async Task ShowPartialAsync(UpstreamAttempt attempt, GrokImageEditPartial partial, int index)
    {
        if (await ImageOfAsync(attempt, partial.Path, index, partial.Stage) is not { } image)
        {
            return;
        }

        Begin(attempt);
        attempt.Writer.GeneratedImage(image);
        attempt.Writer.EndBatch();
        await attempt.FlushAsync();
    }

    // The image at path through the media cache: its link, or its bytes as base64 (bounded as generated
    // images are, CachedImageBase64.MaxBase64Bytes; never a URL in b64_json); null when it cannot be had.
    private async Task<GeneratedImage?> ImageOfAsync(UpstreamAttempt attempt, string path, int index, GeneratedImageStage stage)
    {
        var url = await clients.Media.CacheAsync(MediaKind.Image, attempt.Lease.Token, path, attempt.Http.Request, attempt.Cancellation);
        var name = MediaFileNames.FromAssetPath(path);
        if (url is null || name is null)
        {
            return null;
        }

        var id = GrokImageEdit.ImageId(path);
        if (!call.Base64)
        {
            return GeneratedImage.WithUrl(index, id, MediaFileNames.ContentTypeOf(name), url, stage);
        }

        var read = clients.Media.Find(MediaKind.Image, name) is { } file
            ? await CachedImageBase64.ReadAsync(file, attempt.Cancellation)
            : CachedImageRead.Missing;
        return read.IsRead ? GeneratedImage.WithBase64(index, id, read.MediaType, read.Base64, stage) : null;
    }

    // The answer begins at its first output: the status and headers are decided, the writer opens it.
    private static void Begin(UpstreamAttempt attempt)
    {
        if (!attempt.Committed)
        {
            attempt.Commit();
            attempt.Writer.Begin();
        }
    }

    // What the calls of one attempt produced so far.
    private sealed class EditResult
    {
        public int Delivered { get; set; }

        public int Unreachable { get; set; }

        public bool Moderated { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ImageEditPostFallback, Level = LogLevel.Information, Message = "Image edit on token {TokenId}: the media post failed ({Kind}); parent post id taken from the image path: {FromPath}")]
        public static partial void PostFallback(ILogger logger, string tokenId, string kind, bool fromPath);

        [LoggerMessage(EventId = EventIds.ImageEditImageUnreachable, Level = LogLevel.Warning, Message = "Image edit on token {TokenId}: a finished image could not be downloaded")]
        public static partial void ImageUnreachable(ILogger logger, string tokenId);

        [LoggerMessage(EventId = EventIds.ImageEditImagesMissing, Level = LogLevel.Information, Message = "Image edit on token {TokenId}: {Missing} of {Count} images missing")]
        public static partial void ImagesMissing(ILogger logger, string tokenId, int missing, int count);
    }
}
