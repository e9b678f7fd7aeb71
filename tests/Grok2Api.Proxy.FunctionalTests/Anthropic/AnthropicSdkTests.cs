using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Anthropic;

/// <summary>
/// The official Anthropic .NET SDK (NuGet <c>Anthropic</c>) against <c>POST /v1/messages</c> on real
/// Kestrel in front of the grok.com simulator: text, streams, thinking, a tool round trip, the limits
/// the gateway enforces (max_tokens, stop_sequences), token counting and errors as the SDK sees them.
/// </summary>
public sealed class AnthropicSdkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Create_Text_ReturnsOneTextBlock_EndTurn_TheClientsModel_AndUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var message = await Client(env).Messages.Create(Params("hello there"), ct).WaitAsync(Bound, ct);

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.Equal("grok-3", message.Model.Raw());
        Assert.True(Assert.Single(message.Content).TryPickText(out var text));
        Assert.Equal("You said: hello there", text!.Text);
        Assert.Equal("end_turn", message.StopReason!.Raw());
        Assert.Null(message.StopSequence);
        Assert.Equal(ChatTokenCounter.Count("hello there"), message.Usage.InputTokens);
        Assert.True(message.Usage.OutputTokens > 0);
        Assert.Equal("hello there", UpstreamMessage(env));
    }

    [Fact]
    public async Task ModelAlias_AClaudeNameReachesTheGrokModel_AndIsEchoedBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { ModelAlias = "\"claude-sonnet-4-5\" = \"grok-3\"" });
        await env.AddTokenAsync(ct);

        var message = await Client(env).Messages.Create(Params("aliased") with { Model = "claude-sonnet-4-5" }, ct).WaitAsync(Bound, ct);
        var count = await Client(env).Messages.CountTokens(
            new MessageCountTokensParams { Model = "claude-sonnet-4-5", Messages = [new UserMessageParam("aliased")] }, ct).WaitAsync(Bound, ct);

        Assert.Equal("claude-sonnet-4-5", message.Model.Raw());
        Assert.Equal("You said: aliased", Assert.Single(message.Content).Text());
        Assert.Equal(ChatTokenCounter.Count("aliased"), count.InputTokens);
        var call = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        Assert.Contains("\"modelName\":\"grok-3\"", call.BodyJson()!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStreaming_EventsAssembleIntoTheAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Answer = "Streaming works: the quick brown fox jumps over the lazy dog, token by token.";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(Answer));

        var events = new List<RawMessageStreamEvent>();
        await foreach (var e in Client(env).Messages.CreateStreaming(Params("stream please"), ct).WithCancellation(ct))
        {
            events.Add(e);
        }

        Assert.True(events[0].TryPickStart(out var start));
        Assert.Equal("grok-3", start!.Message.Model.Raw());
        Assert.True(events[^1].TryPickStop(out _));
        var deltas = events.Where(e => e.TryPickContentBlockDelta(out _)).ToList();
        Assert.True(deltas.Count > 3, $"expected several deltas, got {deltas.Count}");
        var text = string.Concat(deltas.Select(e =>
        {
            e.TryPickContentBlockDelta(out var delta);
            return delta!.Delta.TryPickText(out var t) ? t!.Text : "";
        }));
        Assert.Equal(Answer, text);
        var final = await ReplayAsync(events).Aggregate().WaitAsync(Bound, ct);
        Assert.Equal(Answer, Assert.Single(final.Content).Text()!);
        Assert.Equal("end_turn", final.StopReason!.Raw());
        Assert.True(final.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task Thinking_Enabled_ComesAsASignedThinkingBlockBeforeTheText()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Thinking = "Let me weigh the options carefully.";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Forty-two.", thinking: Thinking));
        var parameters = Params("what is the answer?", maxTokens: 4096) with { Thinking = new ThinkingConfigEnabled(2048) };

        var message = await Client(env).Messages.Create(parameters, ct).WaitAsync(Bound, ct);

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.Equal(Thinking, thinking!.Thinking);
        Assert.False(string.IsNullOrEmpty(thinking.Signature));
        Assert.Equal("Forty-two.", message.Content[1].Text());
    }

    [Fact]
    public async Task Thinking_DisabledOrAbsent_NoThinkingBlock_AndTheUpstreamIsAskedForNoReasoning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Forty-two.", thinking: "hidden thoughts"));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Forty-three.", thinking: "hidden thoughts"));

        var disabled = await Client(env).Messages.Create(Params("first") with { Thinking = new ThinkingConfigDisabled() }, ct).WaitAsync(Bound, ct);
        var absent = await Client(env).Messages.Create(Params("second"), ct).WaitAsync(Bound, ct);

        Assert.Equal("Forty-two.", Assert.Single(disabled.Content).Text());
        Assert.Equal("Forty-three.", Assert.Single(absent.Content).Text());
        var calls = env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Contains("\"reasoningEffort\":\"none\"", c.BodyJson()!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tools_ToolUseThenToolResult_RoundTrip_ResultReachesTheUpstreamVerbatim()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Let me check.\n<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>"));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("It is 18 °C and sunny in Paris."));
        var client = Client(env);
        var question = new UserMessageParam("What is the weather in Paris?");

        var first = await client.Messages.Create(Params(question) with { Tools = [WeatherTool()] }, ct).WaitAsync(Bound, ct);

        Assert.Equal("tool_use", first.StopReason!.Raw());
        Assert.Equal(2, first.Content.Count);
        Assert.Equal("Let me check.", first.Content[0].Text());
        Assert.True(first.Content[1].TryPickToolUse(out var use));
        Assert.StartsWith("toolu_", use!.ID, StringComparison.Ordinal);
        Assert.Equal("get_weather", use.Name);
        Assert.Equal("Paris", use.Input["city"].GetString());

        const string Result = "{\"temp_c\": 18, \"sky\": \"sunny\"} <b>&</b> ünïcode";
        var assistant = new AssistantMessageParam(new List<ContentBlockParam>
        {
            new TextBlockParam("Let me check."),
            new ToolUseBlockParam { ID = use.ID, Name = use.Name, Input = use.Input },
        });
        var result = new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(use.ID) { Content = Result } });
        var second = await client.Messages.Create(
            new MessageCreateParams { Model = "grok-3", MaxTokens = 1024, Messages = [question, assistant, result], Tools = [WeatherTool()] }, ct).WaitAsync(Bound, ct);

        Assert.Equal("It is 18 °C and sunny in Paris.", Assert.Single(second.Content).Text());
        Assert.Equal("end_turn", second.StopReason!.Raw());
        var prompt = UpstreamMessage(env);
        Assert.Contains($"call_id=\"{use.ID}\"", prompt, StringComparison.Ordinal);
        Assert.Contains(Result, prompt, StringComparison.Ordinal);
        Assert.Contains("{\"city\":\"Paris\"}", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxTokens_CutsTheAnswer_StopReasonMaxTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Answer = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(Answer));

        var message = await Client(env).Messages.Create(Params("count", maxTokens: 5), ct).WaitAsync(Bound, ct);

        Assert.Equal("max_tokens", message.StopReason!.Raw());
        var text = Assert.Single(message.Content).Text()!;
        Assert.StartsWith(text, Answer, StringComparison.Ordinal);
        Assert.True(text.Length < Answer.Length, text);
        Assert.True(ChatTokenCounter.Count(text) <= 5, text);
        Assert.True(message.Usage.OutputTokens <= 5);
    }

    [Fact]
    public async Task StopSequences_EndTheAnswerBeforeTheSequence_StopReasonStopSequence()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("alpha beta ###END### gamma delta"));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("alpha beta ###END### gamma delta"));
        var parameters = Params("go") with { StopSequences = ["###END###", "never"] };

        var message = await Client(env).Messages.Create(parameters, ct).WaitAsync(Bound, ct);
        var events = new List<RawMessageStreamEvent>();
        await foreach (var e in Client(env).Messages.CreateStreaming(parameters, ct).WithCancellation(ct))
        {
            events.Add(e);
        }

        var streamed = await ReplayAsync(events).Aggregate().WaitAsync(Bound, ct);
        foreach (var m in new[] { message, streamed })
        {
            Assert.Equal("stop_sequence", m.StopReason!.Raw());
            Assert.Equal("###END###", m.StopSequence);
            Assert.Equal("alpha beta ", Assert.Single(m.Content).Text());
        }
    }

    [Fact]
    public async Task CountTokens_CountsTheFlattenedUpstreamPrompt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);

        var count = await Client(env).Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "grok-3",
            System = "You are terse.",
            Messages = [new UserMessageParam("How many tokens is this?")],
        }, ct).WaitAsync(Bound, ct);

        Assert.Equal(ChatTokenCounter.Count("system: You are terse.\n\nHow many tokens is this?"), count.InputTokens);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    [Fact]
    public async Task Errors_BadRequest400_UnknownModel404_WrongKey401_InAnthropicsShape()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "sk-anthropic-functional-key";
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = $"api_key = \"{Key}\"" });
        await env.AddTokenAsync(ct);
        var client = Client(env, Key);

        var bad = await Assert.ThrowsAsync<AnthropicBadRequestException>(
            () => client.Messages.Create(Params("hi", maxTokens: 0), ct).WaitAsync(Bound, ct));
        Assert.Equal("invalid_request_error", bad.Type?.Raw());
        Assert.Contains("max_tokens", bad.ApiMessage, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<AnthropicNotFoundException>(
            () => client.Messages.Create(Params("hi") with { Model = "claude-sonnet-4-5" }, ct).WaitAsync(Bound, ct));
        Assert.Equal("not_found_error", unknown.Type?.Raw());
        Assert.Contains("claude-sonnet-4-5", unknown.ApiMessage, StringComparison.Ordinal);

        var wrongKey = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(
            () => Client(env, "sk-wrong").Messages.Create(Params("hi"), ct).WaitAsync(Bound, ct));
        Assert.Equal("authentication_error", wrongKey.Type?.Raw());

        var answered = await client.Messages.Create(Params("with the right key"), ct).WaitAsync(Bound, ct);
        Assert.Equal("You said: with the right key", Assert.Single(answered.Content).Text());
        Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    internal static AnthropicClient Client(ChatEnvironment env, string apiKey = "sk-any-key") => new()
    {
        BaseUrl = env.Gateway.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = apiKey,
        MaxRetries = 0,
        Timeout = Bound,
    };

    private static MessageCreateParams Params(string text, long maxTokens = 1024) => Params(new UserMessageParam(text), maxTokens);

    private static MessageCreateParams Params(UserMessageParam message, long maxTokens = 1024) =>
        new() { Model = "grok-3", MaxTokens = maxTokens, Messages = [message] };

    private static Tool WeatherTool() => new()
    {
        Name = "get_weather",
        Description = "The current weather of a city.",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement>
            {
                ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }),
            },
            Required = ["city"],
        },
    };

    private static string UpstreamMessage(ChatEnvironment env) =>
        env.Simulator.Requests.Last(r => r.Path == UpstreamPaths.ConversationsNew).BodyJson()!["message"]!.GetValue<string>();

    private static async IAsyncEnumerable<RawMessageStreamEvent> ReplayAsync(IEnumerable<RawMessageStreamEvent> events)
    {
        foreach (var e in events)
        {
            yield return e;
        }

        await Task.CompletedTask;
    }
}

/// <summary>Reading the SDK's content blocks.</summary>
internal static class AnthropicContent
{
    /// <summary>The text of a text block, or null.</summary>
    public static string? Text(this ContentBlock block) => block.TryPickText(out var text) ? text!.Text : null;
}
