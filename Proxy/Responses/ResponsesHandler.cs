using System.Buffers;
using System.Text.Json;
using Grok2Api.Storage.Responses;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.OpenAi.Responses;

namespace Grok2Api.Proxy.Responses;

/// <summary>
/// The OpenAI Responses API. <c>POST /v1/responses</c> is admitted as chat completions are (the
/// <see cref="OpenAiRequestGate"/>: JSON body, memory budget, concurrency slot), read by
/// <see cref="ResponsesRequestReader"/> into a neutral conversation (after the stored conversation of
/// <c>previous_response_id</c>, if any), and answered through the <see cref="UpstreamPipeline"/> with an
/// <see cref="OpenAiResponsesSurface"/>. A completed answer with <c>store</c> (the default) is kept in
/// the <see cref="IResponseRecordStore"/> for <c>responses.retention_days</c>; a stream's final event is
/// written only after it is stored, so a client that continues from it at once finds it.
/// <c>GET</c> and <c>DELETE /v1/responses/{id}</c> and <c>GET /v1/responses/{id}/input_items</c> read the
/// store.
/// </summary>
internal sealed partial class ResponsesHandler(
    OpenAiRequestGate gate,
    ConversationRunner runner,
    IModelAliasSource aliases,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time,
    IOptionsMonitor<ResponsesSection> responsesSettings,
    ILogger<ResponsesHandler> logger,
    IResponseRecordStore store)
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>POST /v1/responses</c>.</summary>
    /// <param name="context">The request.</param>
    public async Task CreateAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var chat = chatSettings.CurrentValue;
        var app = appSettings.CurrentValue;

        // Held to the end of the request: inline attachments are slices of it.
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        if (!ResponsesRequestReader.TryRead(body.Memory, out var request, out var readError))
        {
            await ErrorAsync(context, 400, readError);
            return;
        }

        if (!aliases.Current.TryResolve(request.Model, out var model))
        {
            context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
            await OpenAiErrorWriter.WriteAsync(context, 404, OpenAiErrors.ModelNotFound(request.Model));
            return;
        }

        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        if (model.Capability != ModelCapability.Chat)
        {
            await ErrorAsync(context, 400, new OpenAiError(
                $"The model '{request.Model}' does not chat and is not served by the Responses API; use a chat model (GET /v1/models).",
                OpenAiErrorTypes.InvalidRequest, "model", "model_not_supported"));
            return;
        }

        IReadOnlyList<ConversationMessage> history = [];
        if (request.PreviousResponseId is { } previousId)
        {
            var previous = await FindContextAsync(previousId, cancellationToken);
            if (previous is null)
            {
                await ErrorAsync(context, 400, ResponsesRequestErrors.PreviousResponseNotFound(previousId));
                return;
            }

            history = previous.Messages;
        }

        var conversation = request.ToConversation(history);
        var prompt = GrokPromptBuilder.Build(conversation);
        if (!prompt.HasText)
        {
            await ErrorAsync(context, 400, ResponsesRequestErrors.EmptyPrompt(prompt.Attachments.Count > 0));
            return;
        }

        var keep = request.Store;
        var options = new ResponsesAnswerOptions
        {
            ResponseId = ResponsesIds.NewResponseId(),
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            Request = request,
            ShowReasoning = request.ReasoningEffort is { } effort ? effort != "none" : request.HasReasoning || app.Thinking,
            Prompt = prompt.Message,
            HoldFinalEvent = keep && request.Stream,
        };
        var surface = new OpenAiResponsesSurface(options, conversation.Tools);
        var outcome = await runner.RunAsync(context, model, prompt, conversation.Options, surface, error => ErrorAsync(context, 400, error), "input");
        if (outcome is null)
        {
            return;
        }

        if (outcome.Status != PipelineStatus.Succeeded || surface.Result is not { } result)
        {
            return;
        }

        if (keep)
        {
            await KeepAsync(options, history, request, result);
        }

        if (result.FinalEvent is { } final && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await context.Response.BodyWriter.WriteAsync(final, cancellationToken);
                await context.Response.BodyWriter.FlushAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client left just before the last event; the response is stored all the same.
            }
        }
    }

    /// <summary><c>GET /v1/responses/{id}</c>: the stored response object, or 404.</summary>
    /// <param name="context">The request.</param>
    /// <param name="id">The response id.</param>
    public async Task GetAsync(HttpContext context, string id)
    {
        var record = await FindAsync(id, context.RequestAborted);
        if (record is null)
        {
            await NotFoundAsync(context, id);
            return;
        }

        await WriteJsonAsync(context, record.Response);
    }

    /// <summary><c>DELETE /v1/responses/{id}</c>: <c>{"id","object":"response","deleted":true}</c>, or 404.</summary>
    /// <param name="context">The request.</param>
    /// <param name="id">The response id.</param>
    public async Task DeleteAsync(HttpContext context, string id)
    {
        if (!ResponsesIds.IsResponseId(id) || !await store.DeleteAsync(id, Now(), context.RequestAborted))
        {
            await NotFoundAsync(context, id);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, id);
            json.WriteString("object"u8, "response"u8);
            json.WriteBoolean("deleted"u8, true);
            json.WriteEndObject();
        }

        await WriteJsonAsync(context, buffer.WrittenMemory);
    }

    /// <summary><c>GET /v1/responses/{id}/input_items</c>: a page of the stored response's input items (<c>order</c>, <c>limit</c>, <c>after</c>).</summary>
    /// <param name="context">The request.</param>
    /// <param name="id">The response id.</param>
    public async Task ListInputItemsAsync(HttpContext context, string id)
    {
        var query = context.Request.Query;
        if (ResponsesInputItemsPage.ReadQuery(Single(query["order"]), Single(query["limit"]), out var ascending, out var limit) is { } queryError)
        {
            await ErrorAsync(context, 400, queryError);
            return;
        }

        var record = await FindAsync(id, context.RequestAborted);
        if (record is null || !ResponsesContext.TryParse(record.Context, out var stored))
        {
            await NotFoundAsync(context, id);
            return;
        }

        await WriteJsonAsync(context, ResponsesInputItemsPage.Write(stored.InputItems, ascending, limit, Single(query["after"])));
    }

    // Bounded on its own clock, not the client's: a client that leaves after the answer still finds it stored.
    private async Task KeepAsync(ResponsesAnswerOptions options, IReadOnlyList<ConversationMessage> history, ResponsesRequest request, ResponsesResult result)
    {
        var messages = new List<ConversationMessage>(history.Count + request.Messages.Count + 1);
        messages.AddRange(history);
        messages.AddRange(request.Messages);
        if (result.Assistant is { } assistant)
        {
            messages.Add(assistant);
        }

        var record = new StoredResponse
        {
            Id = options.ResponseId,
            CreatedAt = options.CreatedAt,
            ExpiresAt = (time.GetUtcNow() + TimeSpan.FromDays(responsesSettings.CurrentValue.RetentionDays)).ToUnixTimeSeconds(),
            Response = result.ResponseJson,
            Context = new ResponsesContext(messages, request.InputItems).ToJson(),
        };
        using var bound = new CancellationTokenSource(StoreTimeout, time);
        try
        {
            await store.PutAsync(record, bound.Token);
        }
#pragma warning disable CA1031 // The answer was delivered: a store that fails costs the continuation, never the answer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.StoreFailed(logger, ex, options.ResponseId);
        }
    }

    private async Task<ResponsesContext?> FindContextAsync(string id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(id, cancellationToken);
        return record is not null && ResponsesContext.TryParse(record.Context, out var context) ? context : null;
    }

    private async Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) =>
        !ResponsesIds.IsResponseId(id) ? null : await store.FindAsync(id, Now(), cancellationToken);

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[^1];

    private static Task NotFoundAsync(HttpContext context, string id) => ErrorAsync(context, 404, ResponsesRequestErrors.ResponseNotFound(id));

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private static async Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> json)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.BodyWriter.WriteAsync(json, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ResponseStoreFailed, Level = LogLevel.Warning, Message = "The response {ResponseId} was answered but could not be stored")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string responseId);
    }
}
