namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// The admission every OpenAI endpoint that calls the upstream shares (chat, image generations,
/// image edits, chat video): the body's size against <c>chat.max_body_mb</c> (413), room for it in the
/// process-wide <see cref="ChatMemoryBudget"/> before a byte is read (503 when there is none within
/// <c>chat.queue_timeout</c>), a JSON body read once and held once (415 for another content type), and
/// a concurrency slot of <c>chat.concurrent</c> / <c>chat.model_concurrency</c> (429). Each method
/// answers the error itself and returns null when the request may not go on: through
/// <see cref="OpenAiErrorWriter"/>, which writes the OpenAI shape, or Anthropic's on the Messages API
/// paths (the Anthropic surface shares this gate).
/// Thread-safe; a singleton.
/// </summary>
internal sealed class OpenAiRequestGate(ChatMemoryBudget memory, ChatConcurrencyLimiter limiter, IOptionsMonitor<ChatSection> chatSettings)
{
    /// <summary>Reserves room for the request body before it is read: a body without a length reserves the limit, and the caller shrinks the lease to what it holds.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The lease, or null when the answer (413 or 503) was written.</returns>
    public async ValueTask<ChatMemoryLease?> ReserveAsync(HttpContext context)
    {
        var chat = chatSettings.CurrentValue;
        var maxBody = MaxBodyBytes(chat);
        if (context.Request.ContentLength > maxBody)
        {
            await TooLargeAsync(context);
            return null;
        }

        var lease = await memory.AcquireAsync(context.Request.ContentLength ?? maxBody, TimeSpan.FromSeconds(chat.QueueTimeout), context.RequestAborted);
        if (lease is null)
        {
            await OpenAiErrorWriter.WriteRetrySoonAsync(context, 503, new OpenAiError(
                $"The server is holding as many request bodies as chat.max_inflight_mb allows ({chat.MaxInflightMb} MB) and none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.Server, null, "server_overloaded"));
        }

        return lease;
    }

    /// <summary>Admits a JSON body: 415 for another content type, then <see cref="ReserveAsync"/>, then reads it once (413 when it is longer than announced or than the limit).</summary>
    /// <param name="context">The request.</param>
    /// <returns>The held body, with its reservation, or null when the answer was written.</returns>
    public async Task<AdmittedBody?> ReadJsonAsync(HttpContext context)
    {
        if (!JsonContentType.IsJson(context.Request.ContentType))
        {
            await ErrorAsync(context, 415, new OpenAiError(
                $"Unsupported Content-Type '{Echo(context.Request.ContentType)}': this endpoint takes a JSON body. Send it with Content-Type: {JsonContentType.Expected}.",
                OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return null;
        }

        var lease = await ReserveAsync(context);
        if (lease is null)
        {
            return null;
        }

        var body = await BoundedBody.ReadHeldAsync(context.Request, MaxBodyBytes(chatSettings.CurrentValue), context.RequestAborted);
        if (body is null)
        {
            lease.Dispose();
            await TooLargeAsync(context);
            return null;
        }

        lease.ShrinkTo(body.Memory.Length);
        return new AdmittedBody(body, lease);
    }

    /// <summary>Takes a concurrency slot for <paramref name="model"/>, waiting at most <c>chat.queue_timeout</c>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="model">The public model id.</param>
    /// <returns>The slot, or null when the 429 was written.</returns>
    public async ValueTask<ChatSlot?> AcquireSlotAsync(HttpContext context, string model)
    {
        var slot = await limiter.AcquireAsync(model, context.RequestAborted);
        if (slot is null)
        {
            await OpenAiErrorWriter.WriteRetrySoonAsync(context, 429, new OpenAiError(
                $"Too many requests are in flight for '{model}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
        }

        return slot;
    }

    /// <summary>The 413 of a body above <c>chat.max_body_mb</c>.</summary>
    /// <param name="context">The request.</param>
    public Task TooLargeAsync(HttpContext context) =>
        ErrorAsync(context, 413, new OpenAiError(
            $"The request body is larger than chat.max_body_mb ({chatSettings.CurrentValue.MaxBodyMb} MB). Send large files as URLs.",
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));

    /// <summary>The largest body, in bytes.</summary>
    /// <param name="chat">The chat settings.</param>
    public static long MaxBodyBytes(ChatSection chat) => chat.MaxBodyMb * 1024L * 1024L;

    /// <summary>A header value made safe to quote: missing says so, long ones are cut.</summary>
    /// <param name="value">The value.</param>
    public static string Echo(string? value) =>
        string.IsNullOrEmpty(value) ? "(none)" : value.Length <= 100 ? value : string.Concat(value.AsSpan(0, 100), "…");

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));
}
