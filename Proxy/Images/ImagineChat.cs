namespace Grok2Api.Proxy.Images;

/// <summary>
/// <c>grok-imagine-1.0</c> through <c>/v1/chat/completions</c>: the chat handler hands it the body it
/// read (the hook is one call); it answers in chat shapes (<c>chat.completion</c> or chunks) with the
/// images as markdown in the content (links of the media cache, or <c>data:</c> URIs for base64), and
/// progress as reasoning when the reasoning is shown. Options come from <c>image_config</c>.
/// </summary>
internal sealed class ImagineChat(
    OpenAiRequestGate gate,
    ImagineGenerations generations,
    UpstreamPipeline pipeline,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    /// <summary>The model served here.</summary>
    public const string Model = ImageGenerationRequestReader.Model;

    /// <summary>Answers the request when it asks for <see cref="Model"/>; false (nothing written) otherwise.</summary>
    /// <param name="context">The request.</param>
    /// <param name="json">The body, read and within the limits.</param>
    /// <param name="aliases">The model aliases in force: an alias of <see cref="Model"/> is served here too.</param>
    public async Task<bool> TryHandleAsync(HttpContext context, ReadOnlyMemory<byte> json, ModelAliases aliases)
    {
        if (!ImageChatReader.NamesModel(json.Span, Model, aliases))
        {
            return false;
        }

        var read = ChatRequestReader.Read(json);
        if (!read.Succeeded)
        {
            await ErrorAsync(context, ChatRequestReadResult.ErrorStatusCode, read.Error);
            return true;
        }

        var app = appSettings.CurrentValue;
        var request = read.Request;
        if (!ImageChatReader.TryRead(request, ImageRequestOptions.DefaultFormat(app.ImageFormat), out var prompt, out var options, out var error))
        {
            await ErrorAsync(context, 400, error);
            return true;
        }

        var model = GrokModelCatalog.TryGet(Model, out var info) ? info : throw new InvalidOperationException("grok-imagine-1.0 is missing from the model catalog.");
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        using var slot = await gate.AcquireSlotAsync(context, model.Id);
        if (slot is null)
        {
            return true;
        }

        var answer = ChatAnswerSettings.For(request, prompt, app, time);
        var stream = answer.Stream;
        var reasoning = answer.Reasoning;
        var imagine = generations.Request(prompt, options, stream && reasoning != ReasoningMode.Hidden ? ImagineProgress.Notes : ImagineProgress.None);
        await pipeline.RunAsync(context, generations.Plan(model, imagine, new OpenAiChatSurface(answer)));

        return true;
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));
}
