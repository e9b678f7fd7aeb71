using System.Runtime.CompilerServices;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The Grok conversation exchange (docs/grok-protocol.md §3, §4, §6 and §8): with one account, upload the
/// attachments (upload-file), post the conversation, read the NDJSON answer line by line and decode
/// it into the attempt's writer. The answer begins at the first line with visible output; lines
/// before it (the conversation id, the echo of the prompt) only inform the decoding.
/// </summary>
internal sealed class GrokConversationExchange(
    GrokConversationCall call, IGrokRestClient rest, IGrokFileUploader uploader, IMediaCache media, ILogger logger) : IUpstreamExchange
{
    public string Name => GrokEndpoints.ConversationsNew.Name;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        var fileIds = new List<string>(call.Files.Count);
        foreach (var file in call.Files)
        {
            var upload = await uploader.UploadAsync(attempt.Lease.Token, file, attempt.RequestAborted);
            if (!upload.IsSuccess)
            {
                var failure = upload.Upstream.Failure ?? new UpstreamFailure(UpstreamFailureKind.ServerError, "no file id");
                return failure with { Detail = "upload-file: " + failure.Detail };
            }

            fileIds.Add(upload.FileMetadataId!);
        }

        var options = new GrokChatPayloadOptions
        {
            Message = call.Prompt.Message,
            ModelName = call.ModelName,
            ModelMode = call.ModelMode,
            FileAttachmentIds = fileIds,
            Temporary = call.Temporary,
            DisableMemory = call.DisableMemory,
            Temperature = call.Options.Temperature,
            TopP = call.Options.TopP,
            ReasoningEffort = call.Options.ReasoningEffort,
        };

        // The body is written into pooled memory and sent from it. The memory goes back to the pool only
        // after an answer read to its end, when the upstream has necessarily read the whole body; after
        // any other ending HttpClient could, in principle, still be sending from it, so the collector
        // takes it instead and no later request's bytes can ever go out with this one.
        var payload = new PooledBuffer(GrokChatPayload.SizeHint(options));
        GrokChatPayload.Write(options, payload);
        var answered = false;
        try
        {
            attempt.AnswerRequested();
            using var answer = await rest.SendStreamingAsync(
                GrokEndpoints.ConversationsNew, attempt.Lease.Token, payload.WrittenMemory, UpstreamCallOptions.PipelineAttempt, attempt.Cancellation);
            if (answer.Response is not { } response)
            {
                return answer.Result.Failure;
            }

            var failure = await ReadAnswerAsync(attempt, response);
            answered = failure is null;
            return failure;
        }
        finally
        {
            if (answered)
            {
                payload.Dispose();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<UpstreamFailure?> ReadAnswerAsync(UpstreamAttempt attempt, HttpResponseMessage response)
    {
        using var decoder = new GrokAnswerDecoder(attempt.Writer, new RequestMediaLinker(media, attempt.Lease.Token, attempt.Http.Request, call.ImageFormat, logger), call.FilterTags);
        var failed = await GrokAnswerLines.ReadAsync(attempt, response, (line, _) => ApplyAsync(attempt, decoder, line));
        if (failed is not null)
        {
            return failed;
        }

        if (!attempt.Committed)
        {
            return new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, "no content") { Status = 200 };
        }

        decoder.Complete();
        return null;
    }

    // Commits at the first line with visible output; before it the decoder writes nothing (metadata
    // lines inform it: the model's version).
    private static async ValueTask<UpstreamFailure?> ApplyAsync(UpstreamAttempt attempt, GrokAnswerDecoder decoder, GrokLine line)
    {
        if (!attempt.Committed && line.HasVisibleOutput)
        {
            attempt.Commit();
        }

        await decoder.ApplyAsync(line, attempt.RequestAborted);
        return null;
    }
}
