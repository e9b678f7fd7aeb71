using Grok2Api.Transforms.OpenAi.Images.Edits;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// <c>grok-imagine-1.0-edit</c> through <c>POST /v1/chat/completions</c> (issue 9, docs/adr/0009): the
/// chat handler hands over the request it read (the last image and the last text of the
/// conversation) and its answer options; this takes a chat slot, loads the image like any chat
/// attachment, checks that it is PNG, JPEG or WebP, and runs the edit exchange through the
/// pipeline with the chat surface, so the images arrive as markdown in a <c>chat.completion</c> or
/// its chunks.
/// </summary>
internal sealed class ImageEditChat(
    OpenAiRequestGate gate,
    IAttachmentLoader attachments,
    ImageEdits edits,
    UpstreamPipeline pipeline,
    IOptionsMonitor<AppSection> appSettings)
{
    /// <summary>Answers the edit.</summary>
    /// <param name="context">The request; the body it was read from is held by the caller until this returns.</param>
    /// <param name="read">The request as <see cref="ImageEditChatReader"/> read it: one attachment, the image.</param>
    /// <param name="answer">The chat answer options the chat handler made.</param>
    public async Task HandleAsync(HttpContext context, ChatSurfaceRequest read, ChatAnswerOptions answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(answer);
        var cancellationToken = context.RequestAborted;
        var app = appSettings.CurrentValue;
        if (!ImageChatReader.TryReadOptions(read.Request.ImageConfig, ImageRequestOptions.DefaultFormat(app.ImageFormat), out var settings, out var configError))
        {
            await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(configError));
            return;
        }

        using var slot = await gate.AcquireSlotAsync(context, read.Model.Id);
        if (slot is null)
        {
            return;
        }

        var image = read.Prompt.Attachments[^1];
        var loaded = await attachments.LoadAsync(image, context.Request, cancellationToken);
        if (loaded.Error is { } loadError)
        {
            await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(loadError));
            return;
        }

        var file = loaded.Attachment!;
        if (ImageEditSources.Sniff(file) is null)
        {
            await OpenAiErrorWriter.WriteAsync(context, 400, OpenAiErrors.Create(
                "The image to edit (the last image of the conversation) is not a PNG, JPEG or WebP image.",
                OpenAiErrorTypes.InvalidRequest, image.Param, "invalid_image_type"));
            return;
        }

        var call = new ImageEditCall(read.Prompt.Message, [file], settings.Count, settings.Format == ImageResponseFormat.Base64, app.Temporary, app.DisableMemory, StreamPartials: false);
        await pipeline.RunAsync(context, edits.Plan(read.Model, call, new OpenAiChatSurface(answer)));
    }
}
