using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Chat;

/// <summary>
/// One line of a scripted chat stream. The builders produce the shapes of docs/grok-protocol.md §4
/// and §6.3; ids and the model hash are filled in per request from a <see cref="ChatLineContext"/>.
/// </summary>
public sealed partial record ChatLine
{
    private ChatLine(string description, Func<ChatLineContext, string> render)
    {
        Description = description;
        Render = render;
    }

    /// <summary>A short description for diagnostics.</summary>
    public string Description { get; }

    /// <summary>Waited before this line is sent; replaces the script's line delay for this line.</summary>
    public TimeSpan? Delay { get; init; }

    internal Func<ChatLineContext, string> Render { get; }

    /// <summary>The same line, sent after <paramref name="delay"/>.</summary>
    public ChatLine After(TimeSpan delay) => this with { Delay = delay };

    /// <summary>A line rendered by your own function (the text is sent as is, without the newline).</summary>
    public static ChatLine Custom(string description, Func<ChatLineContext, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return new(description, render);
    }

    /// <summary>A line sent verbatim (JSON or anything else).</summary>
    public static ChatLine Raw(string line) => new("raw", _ => line);

    /// <summary>A non-JSON line that a tolerant reader must skip.</summary>
    public static ChatLine Garbage(string text = "<<not json>>") => new("garbage", _ => text);

    /// <summary>An empty line.</summary>
    public static ChatLine Blank() => new("blank", _ => string.Empty);

    /// <summary><c>{"result":{"conversation":{"conversationId":…}}}</c>, the opening line.</summary>
    public static ChatLine Conversation() => new("conversation", c => Json(new JsonObject
    {
        ["result"] = new JsonObject
        {
            ["conversation"] = new JsonObject
            {
                ["conversationId"] = c.ConversationId,
                ["title"] = "New conversation",
                ["starred"] = false,
                ["createTime"] = c.CreateTime,
                ["modifyTime"] = c.CreateTime,
                ["systemPromptName"] = string.Empty,
                ["temporary"] = c.Request.Body["temporary"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
                ["mediaTypes"] = new JsonArray(),
            },
        },
    }));

    /// <summary>The echo of the user turn: <c>result.response.userResponse</c> (its <c>message</c> is the prompt, not content).</summary>
    public static ChatLine UserResponse() => new("userResponse", c =>
    {
        var user = Envelope(c, "human", c.UserResponseId, c.Request.Message);
        user["fileAttachments"] = new JsonArray(c.Request.FileAttachments.Select(f => (JsonNode?)f).ToArray());
        return Json(Wrap(new JsonObject { ["userResponse"] = user }));
    });

    /// <summary>A reasoning token (<c>isThinking: true</c>).</summary>
    public static ChatLine Thinking(string text, string messageTag = "analysis") =>
        new("thinking", c => Json(Wrap(TokenFields(c, text, true, messageTag))));

    /// <summary>An answer token (<c>isThinking: false</c>, <c>messageTag: "final"</c> by default).</summary>
    public static ChatLine Token(string text, string messageTag = "final") =>
        new("token", c => Json(Wrap(TokenFields(c, text, false, messageTag))));

    /// <summary>A token with <c>isSoftStop: true</c>, as video turns end.</summary>
    public static ChatLine SoftStop(string text) => new("softStop", c =>
    {
        var fields = TokenFields(c, text, false, "final");
        fields["isSoftStop"] = true;
        return Json(Wrap(fields));
    });

    /// <summary>The final envelope: <c>modelResponse</c> with the full message and optional generated image paths.</summary>
    public static ChatLine ModelResponse(string message, params string[] generatedImageUrls) =>
        ModelResponseWithCards(message, [], generatedImageUrls);

    /// <summary><c>modelResponse</c> with <c>cardAttachmentsJson</c> entries (JSON strings, see <see cref="ChatCards"/>).</summary>
    public static ChatLine ModelResponseWithCards(string message, IEnumerable<string> cardAttachmentsJson, params string[] generatedImageUrls)
    {
        var cards = cardAttachmentsJson.ToList();
        return new("modelResponse", c =>
        {
            var model = ModelEnvelope(c, message);
            model["generatedImageUrls"] = Strings(generatedImageUrls);
            model["cardAttachmentsJson"] = Strings(cards);
            return Json(Wrap(new JsonObject { ["modelResponse"] = model }, c.ResponseId));
        });
    }

    /// <summary><c>{"result":{"response":{"finalMetadata":{…}}}}</c>, the last line.</summary>
    public static ChatLine FinalMetadata() => new("finalMetadata", c => Json(Wrap(new JsonObject
    {
        ["finalMetadata"] = new JsonObject
        {
            ["followUpSuggestions"] = new JsonArray(),
            ["feedbackLabels"] = new JsonArray(),
            ["toolsUsed"] = new JsonObject(),
            ["disclaimer"] = string.Empty,
        },
    }, c.ResponseId)));

    /// <summary><c>{"result":{"title":{"newTitle":…}}}</c>.</summary>
    public static ChatLine Title(string title) => new("title", _ => Json(new JsonObject
    {
        ["result"] = new JsonObject { ["title"] = new JsonObject { ["newTitle"] = title } },
    }));

    /// <summary>Any <c>result.response</c> object; <c>responseId</c> is added when missing. The object is copied per request.</summary>
    public static ChatLine Response(JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var template = fields.ToJsonString();
        return new("response", c =>
        {
            var copy = JsonNode.Parse(template)!.AsObject();
            if (!copy.ContainsKey("responseId"))
            {
                copy["responseId"] = c.ResponseId;
            }

            return Json(Wrap(copy));
        });
    }
}
