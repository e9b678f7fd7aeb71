using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// What the answer shows beyond plain text, end to end: generated images cached and linked through
/// this service's /v1/files, cards rendered as markdown images, filter-tag markup removed even when it
/// is split over tokens, and the same content streamed and not streamed.
/// </summary>
public sealed class ChatMediaTests
{
    private const string ImagePath = "users/u-media/generated/img-1/image.jpg";
    private static readonly byte[] ImageBytes = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xD9];

    [Fact]
    public async Task GeneratedImage_IsCachedAndLinkedThroughThisService_StreamAndNonStreamAlike()
    {
        var ct = TestContext.Current.CancellationToken;
        // An empty app_url makes links use the host the client called, as a client behind no proxy expects.
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = "app_url = \"\"" });
        await env.AddTokenAsync(ct);
        env.Simulator.Assets.Set(ImagePath, ImageBytes, "image/jpeg");
        var expectedLink = new Uri(env.Gateway.BaseAddress, "/v1/files/image/users-u-media-generated-img-1-image.jpg").ToString();
        var expected = $"Here it is.\n![img-1]({expectedLink})\n";

        var (nonStream, stream) = await AnswerBothWaysAsync(env, ImageScript, "draw a cat", ct);

        Assert.Equal(expected, nonStream);
        Assert.Equal(expected, stream.Content);
        Assert.True(stream.EndsWithDone);

        // The link serves the bytes the upstream had, without the account's cookie and without an API key.
        using var image = await env.Http.GetAsync(new Uri(expectedLink), ct);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ImageBytes, await image.Content.ReadAsByteArrayAsync(ct));

        // Downloaded once for both answers: the second answer reused the cached file.
        Assert.Single(env.Simulator.Requests, r => r.Path.EndsWith("/image.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImageFormatBase64_GeneratedImageIsInlineAsADataUri_InChatStreamAndNot_ResponsesAndMessages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = "image_format = \"base64\"" });
        await env.AddTokenAsync(ct);
        env.Simulator.Assets.Set(ImagePath, ImageBytes, "image/jpeg");
        var dataUri = "data:image/jpeg;base64," + Convert.ToBase64String(ImageBytes);
        var expected = $"Here it is.\n![img-1]({dataUri})\n";

        var (nonStream, stream) = await AnswerBothWaysAsync(env, ImageScript, "draw a cat", ct);

        Assert.Equal(expected, nonStream);
        Assert.Equal(expected, stream.Content);
        Assert.True(stream.EndsWithDone);

        // The Responses API and Anthropic Messages run the same conversation exchange: the same inline image.
        env.Simulator.Chat.Enqueue(null, ImageScript());
        using (var responses = await env.Http.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = "grok-4", ["input"] = "draw a cat" }), ct))
        {
            Assert.Equal(HttpStatusCode.OK, responses.StatusCode);
            Assert.Contains(Strings(JsonNode.Parse(await responses.Content.ReadAsStringAsync(ct))), t => t.Contains($"![img-1]({dataUri})", StringComparison.Ordinal));
        }

        env.Simulator.Chat.Enqueue(null, ImageScript());
        var messagesBody = new JsonObject
        {
            ["model"] = "grok-4",
            ["max_tokens"] = 64,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "draw a cat" }),
        };
        using (var messages = await env.Http.PostAsync("/v1/messages", Json(messagesBody), ct))
        {
            Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
            Assert.Contains(Strings(JsonNode.Parse(await messages.Content.ReadAsStringAsync(ct))), t => t.Contains($"![img-1]({dataUri})", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("/v1/files/", nonStream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardsAndSplitFilterTags_AreRenderedTheSameStreamedOrNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Expected = "Look: \n![A cat](https://example.com/cat.png)\n done.";

        var (nonStream, stream) = await AnswerBothWaysAsync(env, CardScript, "show a cat", ct);

        Assert.Equal(Expected, nonStream);
        Assert.Equal(Expected, stream.Content);
        Assert.DoesNotContain("secret", stream.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("grok:render", stream.Content, StringComparison.Ordinal);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    // Every string value of a JSON document, depth first.
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    private static ChatScript ImageScript() => new(
        ChatLine.Conversation(),
        ChatLine.Token("Here "),
        ChatLine.Token("it is."),
        ChatLine.ModelResponse("Here it is.", ImagePath),
        ChatLine.FinalMetadata());

    // An xaiartifact element split over four tokens, and a card marker whose card arrived just before it.
    private static ChatScript CardScript() => new(
        ChatLine.Conversation(),
        ChatLine.Token("Look: "),
        ChatLine.Token("<xai"),
        ChatLine.Token("artifact id=\"1\">sec"),
        ChatLine.Token("ret</xaiart"),
        ChatLine.Token("ifact>"),
        ChatLine.CardAttachment(ChatCards.Image("card-1", "https://example.com/cat.png", "A cat")),
        ChatLine.Token(ChatCards.RenderTag("card-1", cardType: "image_card")),
        ChatLine.Token(" done."),
        ChatLine.ModelResponse("Look:  done."),
        ChatLine.FinalMetadata());

    // The same upstream answer, once non-stream (its content) and once streamed (its transcript).
    private static async Task<(string NonStream, ChatStreamTranscript Stream)> AnswerBothWaysAsync(
        ChatEnvironment env, Func<ChatScript> script, string prompt, CancellationToken ct)
    {
        env.Simulator.Chat.Enqueue(null, script());
        string content;
        using (var response = await env.PostAsync(ChatBodies.Text("grok-4", prompt), ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            content = json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        }

        env.Simulator.Chat.Enqueue(null, script());
        using var streamed = await env.PostAsync(ChatBodies.Text("grok-4", prompt, stream: true), ct, HttpCompletionOption.ResponseHeadersRead);
        return (content, await ChatStreamTranscript.ReadAsync(streamed, ct));
    }
}
