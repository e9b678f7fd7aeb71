using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;

namespace Grok2Api.Simulator.Tests;

public sealed class ChatScriptTests : SimulatorTestBase
{
    private async Task<List<string>> ChatLinesAsync(string token = Upstream.Token, string message = "hello")
    {
        using var response = await SendAsync(Upstream.Chat(token, Upstream.ChatBody(message)));
        using var ndjson = await Ndjson.OpenAsync(response, Ct);
        return await ndjson.ReadToEndAsync(Bound, Ct);
    }

    private static JsonNode Response(string line) => JsonNode.Parse(line)!["result"]!["response"]!;

    [Fact]
    public async Task Enqueue_ScriptedAnswer_IsUsedOnceThenTheDefaultReturns()
    {
        Sim.Chat.Enqueue(Upstream.Token, ChatScript.Answer("Scripted reply."));

        var scripted = await ChatLinesAsync();
        var next = await ChatLinesAsync();

        Assert.Equal("Scripted reply.", Response(scripted[^2])["modelResponse"]!["message"]!.GetValue<string>());
        Assert.Equal("You said: hello", Response(next[^2])["modelResponse"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enqueue_ForAnotherToken_IsNotUsed()
    {
        Sim.Chat.Enqueue(Upstream.OtherToken, ChatScript.Answer("not yours"));

        var lines = await ChatLinesAsync();

        Assert.Equal("You said: hello", Response(lines[^2])["modelResponse"]!["message"]!.GetValue<string>());
        Assert.Equal(1, Sim.Chat.PendingCount);
    }

    [Fact]
    public async Task Script_RawGarbageAndBlankLines_AreSentVerbatim()
    {
        Sim.Chat.Enqueue(null, new ChatScript(
            ChatLine.Raw("""{"result":{"response":{"token":"x"}}}"""),
            ChatLine.Blank(),
            ChatLine.Garbage("data: [DONE]"),
            ChatLine.Garbage()));

        var lines = await ChatLinesAsync();

        Assert.Equal(["""{"result":{"response":{"token":"x"}}}""", string.Empty, "data: [DONE]", "<<not json>>"], lines);
    }

    [Fact]
    public async Task AnswerFactory_ReplacesTheDefaultAnswer()
    {
        Sim.Chat.AnswerFactory = r => $"{r.ModelName} answers {r.Message.Length}";

        var lines = await ChatLinesAsync(message: "abc");

        Assert.Equal("grok-4-1-thinking-1129 answers 3", Response(lines[^2])["modelResponse"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Script_ImageCardAndRenderTag_HaveTheUpstreamShapes()
    {
        var card = ChatCards.GeneratedImage("x1Xyo", "users/u1/generated/img1/image.jpg", "img1");
        var tag = ChatCards.RenderTag("x1Xyo", arguments: ("file_path", "img1"));
        Sim.Chat.Enqueue(null, new ChatScript(
            ChatLine.Conversation(),
            ChatLine.StreamingImage(0, 45, "users/u1/generated/img1-part-0/image.jpg"),
            ChatLine.CardAttachment(card),
            ChatLine.Token(tag),
            ChatLine.ModelResponseWithCards(tag, [ChatCards.Image("c2", "https://example.test/a.png", "A cat")], "users/u1/generated/img1/image.jpg"),
            ChatLine.FinalMetadata()));

        var lines = await ChatLinesAsync();

        var progress = Response(lines[1])["streamingImageGenerationResponse"]!;
        Assert.Equal(0, progress["imageIndex"]!.GetValue<int>());
        Assert.Equal(45, progress["progress"]!.GetValue<int>());
        Assert.Equal("users/u1/generated/img1-part-0/image.jpg", progress["imageUrl"]!.GetValue<string>());

        var jsonData = Response(lines[2])["cardAttachment"]!["jsonData"]!.GetValue<string>();
        var decoded = JsonNode.Parse(jsonData)!;
        Assert.Equal("generated_image_card", decoded["cardType"]!.GetValue<string>());
        Assert.Equal("users/u1/generated/img1/image.jpg", decoded["image_chunk"]!["imageUrl"]!.GetValue<string>());

        Assert.Equal(
            """<grok:render card_id="x1Xyo" card_type="generated_image_card" type="render_file"><argument name="file_path">img1</argument></grok:render>""",
            Response(lines[3])["token"]!.GetValue<string>());

        var model = Response(lines[4])["modelResponse"]!;
        Assert.Equal("users/u1/generated/img1/image.jpg", model["generatedImageUrls"]![0]!.GetValue<string>());
        var searched = JsonNode.Parse(model["cardAttachmentsJson"]![0]!.GetValue<string>())!;
        Assert.Equal("c2", searched["id"]!.GetValue<string>());
        Assert.Equal("https://example.test/a.png", searched["image"]!["original"]!.GetValue<string>());
        Assert.Equal("A cat", searched["image"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Script_VideoSoftStopAndCustomResponse_AreRendered()
    {
        Sim.Chat.Enqueue(null, new ChatScript(
            ChatLine.StreamingVideo(42),
            ChatLine.StreamingVideo(100, "users/u/generated/v1/generated_video.mp4", "users/u/generated/v1/preview_image.jpg", "v1"),
            ChatLine.SoftStop("I generated a video"),
            ChatLine.Response(new JsonObject { ["webSearchResults"] = new JsonObject { ["results"] = new JsonArray() } }),
            ChatLine.Title("A title")));

        var lines = await ChatLinesAsync();

        Assert.Equal(42, Response(lines[0])["streamingVideoGenerationResponse"]!["progress"]!.GetValue<int>());
        Assert.Equal("users/u/generated/v1/generated_video.mp4", Response(lines[1])["streamingVideoGenerationResponse"]!["videoUrl"]!.GetValue<string>());
        Assert.True(Response(lines[2])["isSoftStop"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(Response(lines[3])["responseId"]!.GetValue<string>()));
        Assert.Equal("A title", JsonNode.Parse(lines[4])!["result"]!["title"]!["newTitle"]!.GetValue<string>());
    }

    [Fact]
    public async Task Script_ErrorLineBuilders_ProduceTheThreeShapes()
    {
        Sim.Chat.Enqueue(null, new ChatScript(ChatLine.AntiBotError(), ChatLine.UsageLimitError(), ChatLine.StreamErrors("oops")));

        var lines = await ChatLinesAsync();

        Assert.Equal(7, JsonNode.Parse(lines[0])!["error"]!["code"]!.GetValue<int>());
        Assert.Contains("usage limit", Response(lines[1])["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("oops", Response(lines[2])["modelResponse"]!["streamErrors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Script_QuotaCost_OverridesTheModeCost()
    {
        Sim.Chat.Enqueue(null, new ChatScript(ChatLine.Token("free")) { QuotaCost = 0 });

        await ChatLinesAsync();

        Assert.Equal(80, Sim.Accounts.Get(Upstream.Token)!.Remaining);
    }

    [Theory]
    [InlineData("You said: hello world")]
    [InlineData("a")]
    [InlineData("averyveryverylongwordwithoutanyspacesinside and more")]
    [InlineData("emoji 👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽👋🏽 done")]
    [InlineData("中文没有空格所以需要按长度切分成几个小块才行")]
    public void TextChunker_Split_RoundTripsWithoutBreakingCharacters(string text)
    {
        var chunks = TextChunker.Split(text);

        Assert.Equal(text, string.Concat(chunks));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]), $"chunk '{c}' ends inside a surrogate pair"));
        Assert.All(chunks, c => Assert.False(string.IsNullOrEmpty(c)));
    }
}
