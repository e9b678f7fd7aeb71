namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// The client protocol of one Imagine round inside a public loop: <see cref="PublicImagineWriter"/>
/// events; no headers and no error response of its own (the loop has answered already and reports a
/// failed round as an event).
/// </summary>
/// <param name="runId">The round's id.</param>
internal sealed class PublicImagineSurface(string runId) : IClientSurface
{
    public AnswerWriter CreateWriter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new PublicImagineWriter(context.Response.BodyWriter, runId);
    }

    public void WriteHeaders(HttpResponse response, AnswerWriter writer)
    {
    }

    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure) => Task.CompletedTask;
}
