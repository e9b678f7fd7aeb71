namespace Grok2Api.Proxy.OpenAi;

/// <summary>
/// What every OpenAI client protocol shares (chat completions, images): an SSE stream or one JSON
/// answer, and OpenAI-shaped errors with the status <see cref="OpenAiFailure"/> gives (with
/// Retry-After on a 429). A protocol adds only its writer.
/// </summary>
/// <param name="model">The public model id errors name.</param>
internal abstract class OpenAiSurface(string model) : IClientSurface
{
    /// <inheritdoc />
    public abstract AnswerWriter CreateWriter(HttpContext context);

    /// <inheritdoc />
    public void WriteHeaders(HttpResponse response, AnswerWriter writer) => AnswerHeaders.Write(response, writer);

    /// <inheritdoc />
    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = OpenAiFailure.From(failure, model);
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return OpenAiErrorWriter.WriteAsync(context, answer.Status, new OpenAiErrorResponse(answer.Error));
    }
}
