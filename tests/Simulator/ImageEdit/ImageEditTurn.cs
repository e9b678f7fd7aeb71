using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.ImageEdit;

/// <summary>
/// Image edit through conversations/new (docs/grok-protocol.md §13): <c>modelName: "imagine-image-edit"</c>,
/// <c>toolOverrides.imageGen</c> and <c>modelMap.imageEditModelConfig</c> with <c>imageReferences</c> (absolute URLs
/// of uploaded or generated assets) and an optional <c>parentPostId</c>. The default stream sends
/// <c>streamingImageGenerationResponse</c> progress per image, then a <c>modelResponse</c> whose
/// <c>generatedImageUrls</c> lists up to two new <c>users/&lt;uid&gt;/generated/&lt;id&gt;/image.jpg</c> paths.
/// </summary>
internal static class ImageEditTurn
{
    public const string ModelName = "imagine-image-edit";

    private static readonly int[] ProgressSteps = [5, 50, 100];

    public static bool Matches(ChatRequestInfo request) => request.ModelName == ModelName;

    public static (Func<ChatScript>? Accept, string? Error) Parse(SimulatorState state, ChatRequestInfo request)
    {
        var (config, error) = MediaTurns.ModelMapConfig(request, "imageGen", "imageEditModelConfig");
        if (config is null)
        {
            return (null, error);
        }

        if (config["imageReferences"] is not JsonArray references || references.Count == 0
            || references.Any(r => r?.GetValueKind() != JsonValueKind.String))
        {
            return (null, "imageEditModelConfig.imageReferences must be a non-empty array of strings");
        }

        var urls = references.Select(r => r!.GetValue<string>()).ToList();
        if (urls.Select(u => AssetUrls.Check(state.Assets, u, "imageReferences")).FirstOrDefault(e => e is not null) is { } urlError)
        {
            return (null, urlError);
        }

        var parentKind = JsonFields.Kind(config, "parentPostId");
        var parentPostId = JsonFields.Text(config, "parentPostId");
        if (parentKind != JsonValueKind.Undefined && parentPostId is not { Length: > 0 })
        {
            return (null, "imageEditModelConfig.parentPostId must be a non-empty string when present");
        }

        var imageEditModel = JsonFields.Text(config.Parent, "imageEditModel");
        return (() => Accept(state, request, urls, parentPostId, imageEditModel), null);
    }

    private static ChatScript Accept(SimulatorState state, ChatRequestInfo request, IReadOnlyList<string> references, string? parentPostId, string? imageEditModel)
    {
        var outcome = state.ImageEdits.TakeOutcome(request.Token);
        var count = outcome == ImageEditOutcome.OneImage ? 1 : 2;
        var ids = Enumerable.Range(0, count).Select(_ => state.Ids.Next()).ToList();
        var finals = outcome == ImageEditOutcome.Moderated
            ? []
            : ids.Select(id => MediaTurns.GeneratedPath(request.Token, id, "image.jpg")).ToList();
        state.ImageEdits.Add(new ImageEditRequest(
            request.Token, request.Message, references, parentPostId, imageEditModel, outcome, finals, state.Time.GetUtcNow()));

        var lines = new List<ChatLine> { ChatLine.Conversation(), ChatLine.UserResponse() };
        foreach (var progress in ProgressSteps)
        {
            for (var i = 0; i < count; i++)
            {
                lines.Add(ProgressLine(request.Token, ids[i], i, progress, outcome == ImageEditOutcome.Moderated));
            }
        }

        lines.Add(ChatLine.ModelResponse(string.Empty, [.. finals]));
        lines.Add(ChatLine.FinalMetadata());
        return new ChatScript(lines);
    }

    /// <summary>No URL at first, an intermediate <c>…/&lt;id&gt;-part-0/image.jpg</c> midway, the final path at 100 (none when moderated).</summary>
    private static ChatLine ProgressLine(string token, string id, int index, int progress, bool moderated) => progress switch
    {
        < 50 => ChatLine.StreamingImage(index, progress),
        < 100 => ChatLine.StreamingImage(index, progress, MediaTurns.GeneratedPath(token, id + "-part-0", "image.jpg")),
        _ when moderated => ChatLine.StreamingImage(index, progress, isFinal: true, moderated: true),
        _ => ChatLine.StreamingImage(index, progress, MediaTurns.GeneratedPath(token, id, "image.jpg"), isFinal: true),
    };
}
