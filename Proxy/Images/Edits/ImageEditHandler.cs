using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> (issue 9, docs/adr/0009): a multipart/form-data body only (415
/// otherwise), at most <c>chat.max_body_mb</c> (413), its size reserved in the chat memory budget
/// before it is read (503 when there is no room in time); the form is read as it arrives
/// (<see cref="ImageEditFormReader"/>) and validated (<see cref="ImageEditRequestReader"/>, 400 naming
/// the field); a chat slot is taken (edits run through the conversation endpoint, as chats do); then
/// the edit exchange runs through the <see cref="UpstreamPipeline"/> and answers in the OpenAI images
/// protocol (<see cref="OpenAiImagesSurface"/>, <c>image_edit.*</c> events when streaming).
/// </summary>
internal sealed class ImageEditHandler(
    OpenAiRequestGate gate,
    ImageEdits edits,
    UpstreamPipeline pipeline,
    IModelAliasSource modelAliases,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var chat = chatSettings.CurrentValue;
        var app = appSettings.CurrentValue;
        context.Items[ProxyTelemetry.ModelItemKey] = ImageEditRequestReader.Model;
        if (!ImageEditFormReader.IsMultipartForm(context.Request.ContentType))
        {
            await OpenAiErrorWriter.WriteAsync(context, 415, OpenAiErrors.Create(
                "Unsupported Content-Type: this endpoint takes a multipart/form-data body (the 'image' file(s), 'prompt' and the other fields as form fields).",
                OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return;
        }

        // Room for the body is reserved before a byte of it is read; what the form holds is kept reserved.
        using var held = await gate.ReserveAsync(context);
        if (held is null)
        {
            return;
        }

        var read = await ImageEditFormReader.ReadAsync(context.Request, OpenAiRequestGate.MaxBodyBytes(chat), MaxImageBytes(chat), cancellationToken);
        if (read.Form is not { } form)
        {
            await OpenAiErrorWriter.WriteAsync(context, read.Status, new OpenAiErrorResponse(read.Error!));
            return;
        }

        using (form)
        {
            held.ShrinkTo(form.FileBytes);
            if (!ImageEditRequestReader.TryRead(form.Fields, form.Files, ImageRequestOptions.DefaultFormat(app.ImageFormat), modelAliases.Current, out var request, out var error))
            {
                await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(error));
                return;
            }

            GrokModelCatalog.TryGet(request.Model, out var model);
            using var slot = await gate.AcquireSlotAsync(context, model!.Id);
            if (slot is null)
            {
                return;
            }

            var sources = request.Images.Select(static i => new LoadedAttachment(i.Content, i.MediaType, i.FileName)).ToList();
            var options = request.Options;
            var call = new ImageEditCall(request.Prompt, sources, options.Count, options.Format == ImageResponseFormat.Base64, app.Temporary, app.DisableMemory, StreamPartials: options.Stream);
            var surface = new OpenAiImagesSurface(new ImageAnswerOptions
            {
                Model = model.Id,
                Created = time.GetUtcNow().ToUnixTimeSeconds(),
                Stream = options.Stream,
                Size = options.Size,
                Requested = options.Count,
                EventPrefix = ImageAnswerOptions.EditEvents,
                Prompt = request.Prompt,
                PartialImages = request.PartialImages,
            });
            await pipeline.RunAsync(context, edits.Plan(model, call, surface));
        }
    }

    /// <summary>
    /// The largest source image: the body limit (<c>chat.max_body_mb</c>, 50 MB by default, the
    /// original's per-file limit), and never above what upload-file can carry.
    /// </summary>
    /// <param name="chat">The chat settings.</param>
    public static long MaxImageBytes(ChatSection chat) =>
        Math.Min(chat.MaxBodyMb, AttachmentLimits.UploadMaxMb) * 1024L * 1024L;
}
