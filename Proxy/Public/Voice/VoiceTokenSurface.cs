namespace Grok2Api.Proxy.Public.Voice;

/// <summary>
/// The client protocol of <c>GET /v1/public/voice/token</c>: one JSON answer; no account is 503
/// <c>no_token</c>, any other failure 502 <c>upstream_error</c> (OpenAI error shape).
/// </summary>
/// <param name="livekitUrl">The LiveKit server handed to the browser (<c>upstream.livekit_url</c>).</param>
internal sealed class VoiceTokenSurface(string livekitUrl) : IClientSurface
{
    public AnswerWriter CreateWriter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new VoiceTokenWriter(context.Response.BodyWriter, livekitUrl);
    }

    public void WriteHeaders(HttpResponse response, AnswerWriter writer)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "application/json";
    }

    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Kind == UpstreamFailureKind.NoAccount
            ? OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAiErrors.Create(
                "No account is available for a voice session.", OpenAiErrorTypes.Server, null, "no_token"))
            : OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status502BadGateway, OpenAiErrors.Create(
                $"grok.com gave no voice token: {failure.Detail}", OpenAiErrorTypes.Server, null, "upstream_error"));
    }
}
