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

    /// <summary>
    /// Video progress: <c>streamingVideoGenerationResponse</c> (docs/grok-protocol.md §12.3). URLs only at progress 100 unless given;
    /// <paramref name="videoPostId"/> and <paramref name="resolutionName"/> are the fields of later versions.
    /// </summary>
    public static ChatLine StreamingVideo(
        int progress,
        string? videoUrl = null,
        string? thumbnailImageUrl = null,
        string? videoId = null,
        bool moderated = false,
        bool isThinking = false,
        string? videoPostId = null,
        string? resolutionName = null) =>
        new("streamingVideo", c =>
        {
            var video = new JsonObject { ["progress"] = progress };
            AddIfSet(video, "videoId", videoId);
            AddIfSet(video, "videoPostId", videoPostId);
            AddIfSet(video, "videoUrl", videoUrl);
            AddIfSet(video, "thumbnailImageUrl", thumbnailImageUrl);
            AddIfSet(video, "resolutionName", resolutionName);
            video["moderated"] = moderated;
            return Json(Wrap(new JsonObject { ["streamingVideoGenerationResponse"] = video, ["isThinking"] = isThinking }, c.ResponseId));
        });

    /// <summary>
    /// <c>modelResponse</c> whose <c>fileAttachments</c> lists <paramref name="fileAttachments"/>, as later versions deliver
    /// a finished video's URL only there (docs/grok-protocol.md §4.4, §12.3).
    /// </summary>
    public static ChatLine ModelResponseWithFileAttachments(string message, params string[] fileAttachments) => new("modelResponse", c =>
    {
        var model = ModelEnvelope(c, message);
        model["fileAttachments"] = Strings(fileAttachments);
        return Json(Wrap(new JsonObject { ["modelResponse"] = model }, c.ResponseId));
    });

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
