namespace Grok2Api.Proxy.Pipeline;

/// <summary>
/// The client protocol of one request (OpenAI chat, and later images, the Responses API or Anthropic
/// Messages): the writer of its answers, its response headers, and its error response. The
/// pipeline uses it; it never calls the upstream itself.
/// </summary>
internal interface IClientSurface
{
    /// <summary>A fresh writer for one attempt, writing into the response body.</summary>
    /// <param name="context">The request.</param>
    AnswerWriter CreateWriter(HttpContext context);

    /// <summary>Sets the status and headers of an answer that has begun (the content type of a stream or of a whole answer).</summary>
    /// <param name="response">The response, not started yet.</param>
    /// <param name="writer">The attempt's writer.</param>
    void WriteHeaders(HttpResponse response, AnswerWriter writer);

    /// <summary>Answers with the protocol's error for <paramref name="failure"/> (nothing was sent yet).</summary>
    /// <param name="context">The request.</param>
    /// <param name="failure">The last failure.</param>
    Task WriteFailureAsync(HttpContext context, UpstreamFailure failure);
}
