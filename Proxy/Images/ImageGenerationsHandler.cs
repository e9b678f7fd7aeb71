namespace Grok2Api.Proxy.Images;

/// <summary>
/// <c>POST /v1/images/generations</c> (model <c>grok-imagine-1.0</c>): a JSON body only (415
/// otherwise), within <c>chat.max_body_mb</c> (413) and the shared <c>chat.max_inflight_mb</c> (503),
/// read by <see cref="ImageGenerationRequestReader"/> (400s naming the parameter), a concurrency slot
/// of <c>chat.concurrent</c> (429), then the <see cref="UpstreamPipeline"/> with the Imagine exchange and
/// the <see cref="OpenAiImagesSurface"/>. The account is charged the model's cost once per completed
/// request, whatever <c>n</c>.
/// </summary>
internal sealed class ImageGenerationsHandler(
    OpenAiRequestGate gate,
    ImagineGenerations generations,
    UpstreamPipeline pipeline,
    IModelAliasSource modelAliases,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        var app = appSettings.CurrentValue;
        if (!ImageGenerationRequestReader.TryRead(body.Memory, ImageRequestOptions.DefaultFormat(app.ImageFormat), modelAliases.Current, out var request, out var error))
        {
            await ErrorAsync(context, 400, error);
            return;
        }

        var model = GrokModelCatalog.TryGet(request.Model, out var info) ? info : throw new InvalidOperationException("grok-imagine-1.0 is missing from the model catalog.");
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        using var slot = await gate.AcquireSlotAsync(context, model.Id);
        if (slot is null)
        {
            return;
        }

        var imagine = generations.Request(request.Prompt, request.Options, request.Options.Stream ? ImagineProgress.Images : ImagineProgress.None);
        var surface = new OpenAiImagesSurface(new ImageAnswerOptions
        {
            Model = model.Id,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = request.Options.Stream,
            Size = request.Options.Size,
            Requested = request.Options.Count,
            Prompt = request.Prompt,
            PartialImages = request.PartialImages,
        });
        await pipeline.RunAsync(context, generations.Plan(model, imagine, surface));
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));
}
