using System.Text.Json.Nodes;
using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.Chat;

/// <summary>The JSON envelopes shared by the builders.</summary>
public sealed partial record ChatLine
{
    private static JsonObject TokenFields(ChatLineContext c, string text, bool isThinking, string messageTag)
    {
        var fields = new JsonObject
        {
            ["token"] = text,
            ["isThinking"] = isThinking,
            ["isSoftStop"] = false,
            ["responseId"] = c.ResponseId,
            ["messageTag"] = messageTag,
        };
        if (c.TakeLlmInfo())
        {
            fields["llmInfo"] = new JsonObject { ["modelHash"] = c.ModelHash };
        }

        return fields;
    }

    private static JsonObject ModelEnvelope(ChatLineContext c, string message)
    {
        var model = Envelope(c, "assistant", c.ResponseId, message);
        model["parentResponseId"] = c.UserResponseId;
        model["metadata"] = new JsonObject { ["llm_info"] = new JsonObject { ["modelHash"] = c.ModelHash } };
        return model;
    }

    private static JsonObject Envelope(ChatLineContext c, string sender, string responseId, string message) => new()
    {
        ["responseId"] = responseId,
        ["message"] = message,
        ["sender"] = sender,
        ["createTime"] = c.CreateTime,
        ["manual"] = false,
        ["partial"] = false,
        ["shared"] = false,
        ["query"] = string.Empty,
        ["queryType"] = string.Empty,
        ["webSearchResults"] = new JsonArray(),
        ["xpostIds"] = new JsonArray(),
        ["xposts"] = new JsonArray(),
        ["generatedImageUrls"] = new JsonArray(),
        ["imageAttachments"] = new JsonArray(),
        ["fileAttachments"] = new JsonArray(),
        ["cardAttachmentsJson"] = new JsonArray(),
        ["fileUris"] = new JsonArray(),
        ["fileAttachmentsMetadata"] = new JsonArray(),
        ["isControl"] = false,
        ["steps"] = new JsonArray(),
        ["mediaTypes"] = new JsonArray(),
    };

    private static JsonObject Wrap(JsonObject response, string? responseId = null)
    {
        if (responseId is not null && !response.ContainsKey("responseId"))
        {
            response["responseId"] = responseId;
        }

        return new JsonObject { ["result"] = new JsonObject { ["response"] = response } };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static string Json(JsonNode node) => SimJson.Serialize(node);
}
