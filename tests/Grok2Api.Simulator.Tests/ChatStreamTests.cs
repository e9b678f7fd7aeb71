using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Chat;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Simulator.Tests;

public sealed class ChatStreamTests : SimulatorTestBase
{
    private static JsonNode? Response(JsonNode line) => line["result"]?["response"];

    private static List<JsonNode> Tokens(IEnumerable<JsonNode> lines, bool thinking) =>
        lines.Where(l => Response(l)?["token"] is not null && (Response(l)!["isThinking"]?.GetValue<bool>() ?? false) == thinking).ToList();

    [Fact]
    public async Task ConversationsNew_DefaultFastChat_StreamsTheRealisticLineSequence()
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("hi there, simulator")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.False(string.IsNullOrEmpty(lines[0]["result"]?["conversation"]?["conversationId"]?.GetValue<string>()));
        Assert.Equal("hi there, simulator", Response(lines[1])?["userResponse"]?["message"]?.GetValue<string>());
        Assert.Empty(Tokens(lines, thinking: true));

        var tokens = Tokens(lines, thinking: false);
        Assert.True(tokens.Count > 1, "the answer is split into several tokens");
        Assert.Equal("You said: hi there, simulator", string.Concat(tokens.Select(t => Response(t)!["token"]!.GetValue<string>())));
        var responseId = Response(tokens[0])!["responseId"]!.GetValue<string>();
        Assert.All(tokens, t => Assert.Equal(responseId, Response(t)!["responseId"]!.GetValue<string>()));
        Assert.All(tokens, t => Assert.Equal("final", Response(t)!["messageTag"]!.GetValue<string>()));
        Assert.Equal(Sim.Options.ModelHash, Response(tokens[0])!["llmInfo"]?["modelHash"]?.GetValue<string>());
        Assert.All(tokens.Skip(1), t => Assert.Null(Response(t)!["llmInfo"]));

        var model = Response(lines[^2])!["modelResponse"]!;
        Assert.Equal(responseId, model["responseId"]!.GetValue<string>());
        Assert.Equal("You said: hi there, simulator", model["message"]!.GetValue<string>());
        Assert.Empty(model["generatedImageUrls"]!.AsArray());
        Assert.Empty(model["cardAttachmentsJson"]!.AsArray());
        Assert.Equal(Sim.Options.ModelHash, model["metadata"]?["llm_info"]?["modelHash"]?.GetValue<string>());
        Assert.NotNull(Response(lines[^1])!["finalMetadata"]);
    }

    [Theory]
    [InlineData("MODEL_MODE_GROK_4_THINKING", null)]
    [InlineData("MODEL_MODE_EXPERT", null)]
    [InlineData("MODEL_MODE_HEAVY", null)]
    [InlineData("MODEL_MODE_FAST", "high")]
    public async Task ConversationsNew_ThinkingMode_SendsThinkingTokensBeforeTheAnswer(string mode, string? effort)
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("why?", mode, effort)));
        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        var thinking = Tokens(lines, thinking: true);
        var answer = Tokens(lines, thinking: false);
        Assert.NotEmpty(thinking);
        Assert.True(lines.IndexOf(thinking[^1]) < lines.IndexOf(answer[0]));
        Assert.Equal(Sim.Options.ModelHash, Response(thinking[0])!["llmInfo"]?["modelHash"]?.GetValue<string>());
        Assert.Equal("You said: why?", string.Concat(answer.Select(t => Response(t)!["token"]!.GetValue<string>())));
    }

    [Fact]
    public async Task ConversationsNew_FastModeWithEffortNone_SendsNoThinkingTokens()
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("x", "MODEL_MODE_FAST", "none")));
        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.Empty(Tokens(lines, thinking: true));
    }

    [Fact]
    public async Task ConversationsNew_NullModelMode_IsAccepted()
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("make a video --mode=custom", modelMode: null, modelName: "grok-3")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"modelName":"m","modelMode":"MODEL_MODE_FAST","fileAttachments":[],"temporary":true,"disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","fileAttachments":[],"temporary":true,"disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":5,"fileAttachments":[],"temporary":true,"disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":null,"fileAttachments":"id","temporary":true,"disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":null,"fileAttachments":[1],"temporary":true,"disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":null,"fileAttachments":[],"temporary":"yes","disableMemory":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":null,"fileAttachments":[],"temporary":true,"responseMetadata":{}}""")]
    [InlineData("""{"message":"hi","modelName":"m","modelMode":null,"fileAttachments":[],"temporary":true,"disableMemory":true}""")]
    public async Task ConversationsNew_InvalidBody_Returns400WithJsonError(string body)
    {
        using var response = await SendAsync(Upstream.ChatRaw(Upstream.Token, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!;
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.Equal(80, Sim.Accounts.Get(Upstream.Token)?.Remaining ?? 80);
    }

    [Fact]
    public async Task ConversationsNew_EachLine_IsFlushedBeforeTheNextIsReady()
    {
        Sim.Chat.Enqueue(null, new ChatScript(ChatLine.Conversation(), ChatLine.Token("late").After(TimeSpan.FromSeconds(30))));
        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        var first = await ndjson.ReadJsonAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.NotNull(first["result"]?["conversation"]);
    }

    [Fact]
    public async Task ConversationsNew_NonAsciiMessage_IsStreamedAsUtf8()
    {
        using var response = await SendAsync(Upstream.Chat(body: Upstream.ChatBody("héllo 世界 👋🏽")));
        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.Equal("You said: héllo 世界 👋🏽", Response(lines[^2])!["modelResponse"]!["message"]!.GetValue<string>());
    }
}

public sealed class ChatStreamDelayTests : SimulatorTestBase
{
    private readonly FakeTimeProvider _time = new();

    protected override SimulatorOptions CreateOptions() => new() { TimeProvider = _time, LineDelay = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task ConversationsNew_LineDelay_HoldsEachLineUntilTheDelayPasses()
    {
        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);
        await ndjson.ReadLineAsync(Bound, Ct);

        var second = ndjson.ReadLineAsync(Bound, Ct);
        await Task.WhenAny(second, Task.Delay(200, Ct));
        Assert.False(second.IsCompleted, "the second line waits for the line delay");

        await AdvanceUntilAsync(_time, TimeSpan.FromMinutes(1), second);
        Assert.Contains("userResponse", await second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConversationsNew_ScriptLineDelay_OverridesTheSimulatorDelay()
    {
        Sim.Chat.Enqueue(null, new ChatScript(ChatLine.Token("a"), ChatLine.Token("b"), ChatLine.Token("c")) { LineDelay = TimeSpan.Zero });
        using var response = await SendAsync(Upstream.Chat());

        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.Equal(3, lines.Count);
    }
}
