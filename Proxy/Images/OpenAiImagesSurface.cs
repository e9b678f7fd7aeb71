namespace Grok2Api.Proxy.Images;

/// <summary>
/// The OpenAI images protocol of one request (generations and edits): an SSE stream of image events
/// or one JSON answer (<see cref="ImageAnswerWriter"/>); errors as every OpenAI surface writes them (a
/// blocked prompt is a 400 <c>content_policy_violation</c>).
/// </summary>
/// <param name="options">The request's answer settings.</param>
internal sealed class OpenAiImagesSurface(ImageAnswerOptions options) : OpenAiSurface(options.Model)
{
    /// <summary>The request's answer settings.</summary>
    public ImageAnswerOptions Options => options;

    public override AnswerWriter CreateWriter(HttpContext context) => new ImageAnswerWriter(options, context.Response.BodyWriter);
}
