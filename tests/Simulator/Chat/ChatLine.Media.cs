using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Chat;

/// <summary>Builders for cards, in-chat images and video progress.</summary>
public sealed partial record ChatLine
{
    /// <summary>A streamed card: <c>cardAttachment.jsonData</c> holds a JSON-encoded string (see <see cref="ChatCards"/>).</summary>
    public static ChatLine CardAttachment(string jsonData) => new("cardAttachment", c => Json(Wrap(new JsonObject
    {
        ["cardAttachment"] = new JsonObject { ["jsonData"] = jsonData },
    }, c.ResponseId)));

    /// <summary>In-chat image progress: <c>streamingImageGenerationResponse</c> (docs/grok-protocol.md §4.6).</summary>
    public static ChatLine StreamingImage(int imageIndex, int progress, string? imageUrl = null, bool isFinal = false, bool moderated = false, bool isThinking = false) =>
        new("streamingImage", c =>
        {
            var image = new JsonObject { ["imageIndex"] = imageIndex, ["progress"] = progress };
            if (imageUrl is not null)
            {
                image["imageUrl"] = imageUrl;
            }

            image["isFinal"] = isFinal;
            image["moderated"] = moderated;
            return Json(Wrap(new JsonObject { ["streamingImageGenerationResponse"] = image, ["isThinking"] = isThinking }, c.ResponseId));
        });

    /// <summary>Video progress: <c>streamingVideoGenerationResponse</c> (docs/grok-protocol.md §12.3). URLs only at progress 100 unless given.</summary>
    public static ChatLine StreamingVideo(int progress, string? videoUrl = null, string? thumbnailImageUrl = null, string? videoId = null, bool moderated = false, bool isThinking = false) =>
        new("streamingVideo", c =>
        {
            var video = new JsonObject { ["progress"] = progress };
            if (videoId is not null)
            {
                video["videoId"] = videoId;
            }

            if (videoUrl is not null)
            {
                video["videoUrl"] = videoUrl;
            }

            if (thumbnailImageUrl is not null)
            {
                video["thumbnailImageUrl"] = thumbnailImageUrl;
            }

            video["moderated"] = moderated;
            return Json(Wrap(new JsonObject { ["streamingVideoGenerationResponse"] = video, ["isThinking"] = isThinking }, c.ResponseId));
        });
}
