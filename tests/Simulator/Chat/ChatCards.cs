using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.Chat;

/// <summary>
/// Card payloads (JSON strings for <c>cardAttachment.jsonData</c> and <c>modelResponse.cardAttachmentsJson</c>)
/// and the <c>&lt;grok:render&gt;</c> tokens that point at them (docs/grok-protocol.md §4.5).
/// </summary>
public static class ChatCards
{
    /// <summary>An image card as 01fd2800 reads it: <c>{"id","image":{"original","title"}}</c>.</summary>
    public static string Image(string cardId, string original, string? title = null)
    {
        var image = new JsonObject { ["original"] = original, ["thumbnail"] = original, ["link"] = original };
        if (title is not null)
        {
            image["title"] = title;
        }

        return SimJson.Serialize(new JsonObject
        {
            ["id"] = cardId,
            ["type"] = "render_searched_image",
            ["cardType"] = "image_card",
            ["image"] = image,
        });
    }

    /// <summary>A generated-image card: <c>{"id","type":"render_file","cardType":"generated_image_card","image_chunk":{…}}</c>.</summary>
    public static string GeneratedImage(string cardId, string imageUrl, string imageUuid, int progress = 100, bool moderated = false) =>
        SimJson.Serialize(new JsonObject
        {
            ["id"] = cardId,
            ["type"] = "render_file",
            ["cardType"] = "generated_image_card",
            ["image_chunk"] = new JsonObject
            {
                ["imageUuid"] = imageUuid,
                ["imageUrl"] = imageUrl,
                ["progress"] = progress,
                ["moderated"] = moderated,
            },
        });

    /// <summary>
    /// <c>&lt;grok:render card_id="…" card_type="…" type="…"&gt;&lt;argument name="…"&gt;…&lt;/argument&gt;&lt;/grok:render&gt;</c>.
    /// </summary>
    public static string RenderTag(string cardId, string cardType = "generated_image_card", string type = "render_file", params (string Name, string Value)[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var text = new StringBuilder();
        text.Append("<grok:render card_id=\"").Append(cardId)
            .Append("\" card_type=\"").Append(cardType)
            .Append("\" type=\"").Append(type).Append("\">");
        foreach (var (name, value) in arguments)
        {
            text.Append("<argument name=\"").Append(name).Append("\">").Append(value).Append("</argument>");
        }

        return text.Append("</grok:render>").ToString();
    }
}
