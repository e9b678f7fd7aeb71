using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// Tool calling through <c>/v1/chat/completions</c> with the official OpenAI .NET SDK, on real Kestrel in
/// front of the grok.com simulator: the model's call blocks become <c>tool_calls</c> (whole and streamed), a
/// full round trip sends the result back into the prompt verbatim, and broken blocks are retried or end
/// the answer with an error.
/// </summary>
public sealed class ChatToolCallingTests
{
    private const string WeatherBlock = """<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>""";
    private const string TimeBlock = """<tool_call>{"name":"get_time","arguments":{"zone":"Europe/Paris"}}</tool_call>""";
    private const string BrokenBlock = """<tool_call>{"name":"get_weather","arguments":{"city":"Paris"</tool_call>""";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ChatCompletionOptions Options(bool parallel = true)
    {
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool(
                    "get_weather",
                    "Current weather of a city",
                    BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
                ChatTool.CreateFunctionTool("get_time", "Local time in a zone", BinaryData.FromString("""{"type":"object","properties":{"zone":{"type":"string"}}}""")),
            },
        };
        if (!parallel)
        {
            options.AllowParallelToolCalls = false;
        }

        return options;
    }

    private static string LastPrompt(ChatEnvironment env) =>
        env.Simulator.Requests.Last(r => r.Path == UpstreamPaths.ConversationsNew).BodyJson()!["message"]!.GetValue<string>();

    [Fact]
    public async Task CompleteChat_ModelWritesABlock_SdkGetsTheToolCallAndFinishToolCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(WeatherBlock));

        ChatCompletion completion = await env.Sdk("grok-4").CompleteChatAsync([new UserChatMessage("Weather in Paris?")], Options(), ct).WaitAsync(Bound, ct);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Empty(completion.Content);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal(ChatToolCallKind.Function, call.Kind);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Paris"}""", call.FunctionArguments.ToString());
        Assert.Matches("^call_[A-Za-z0-9]{24}$", call.Id);
        Assert.True(completion.Usage.OutputTokenCount > 0);

        // The tools were described to the model, before the user's question.
        var prompt = LastPrompt(env);
        Assert.StartsWith("system: You can call tools", prompt, StringComparison.Ordinal);
        Assert.Contains("""{"name":"get_weather","description":"Current weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""", prompt, StringComparison.Ordinal);
        Assert.EndsWith("\n\nWeather in Paris?", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_Block_SdkAssemblesTheCallFromItsDeltas()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Let me look that up.\n" + WeatherBlock));

        var stream = await CollectAsync(env.Sdk("grok-4"), [new UserChatMessage("Weather in Paris?")], Options(), ct);

        Assert.Equal("Let me look that up.", stream.Content);
        Assert.Equal([ChatFinishReason.ToolCalls], stream.Finishes);
        var call = Assert.Single(stream.Calls);
        Assert.Equal(0, call.Key);
        Assert.Matches("^call_[A-Za-z0-9]{24}$", call.Value.Id);
        Assert.Equal("get_weather", call.Value.Name);
        Assert.Equal("""{"city":"Paris"}""", call.Value.Arguments.ToString());
    }

    [Fact]
    public async Task CompleteChat_TwoBlocks_ParallelCallsWholeAndStreamed_ParallelFalseKeepsTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var answer = $"{WeatherBlock}\n{TimeBlock}";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(answer));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(answer));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(answer));
        List<ChatMessage> ask = [new UserChatMessage("Weather and time in Paris?")];

        ChatCompletion whole = await env.Sdk("grok-4").CompleteChatAsync(ask, Options(), ct).WaitAsync(Bound, ct);
        Assert.Equal(["get_weather", "get_time"], whole.ToolCalls.Select(c => c.FunctionName));
        Assert.Equal("""{"zone":"Europe/Paris"}""", whole.ToolCalls[1].FunctionArguments.ToString());
        Assert.NotEqual(whole.ToolCalls[0].Id, whole.ToolCalls[1].Id);

        var streamed = await CollectAsync(env.Sdk("grok-4"), ask, Options(), ct);
        Assert.Equal([0, 1], streamed.Calls.Keys.Order());
        Assert.Equal("get_time", streamed.Calls[1].Name);
        Assert.Equal("""{"zone":"Europe/Paris"}""", streamed.Calls[1].Arguments.ToString());
        Assert.Equal([ChatFinishReason.ToolCalls], streamed.Finishes);

        ChatCompletion single = await env.Sdk("grok-4").CompleteChatAsync(ask, Options(parallel: false), ct).WaitAsync(Bound, ct);
        Assert.Equal("get_weather", Assert.Single(single.ToolCalls).FunctionName);
        Assert.Contains("Call at most one tool per reply.", LastPrompt(env), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundTrip_ResultSentBackWithTheSdk_ReachesThePromptVerbatim_ThenTheFinalAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Checking.\n" + WeatherBlock));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("It is sunny in Paris, 21 °C."));
        var client = env.Sdk("grok-4");
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, Options(), ct).WaitAsync(Bound, ct);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);

        const string Result = "{\"temp\": \"21 °C\", \"sky\": \"sunny <clear> & \\\"bright\\\"\"}\nsecond line \\ backslash";
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, Result));
        ChatCompletion second = await client.CompleteChatAsync(messages, Options(), ct).WaitAsync(Bound, ct);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("It is sunny in Paris, 21 °C.", Assert.Single(second.Content).Text);
        Assert.Empty(second.ToolCalls);
        var prompt = LastPrompt(env);
        Assert.Contains($"<tool_result name=\"get_weather\" call_id=\"{call.Id}\">\n{Result}\n</tool_result>", prompt, StringComparison.Ordinal);
        Assert.Contains("assistant: Checking.\n" + WeatherBlock, prompt, StringComparison.Ordinal);
        Assert.Equal(2, env.Simulator.Requests.Count(r => r.Path == UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task RoundTrip_Unscripted_TheSimulatorCallsTheNamedToolAndAnswersFromTheResultInItsPrompt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var client = env.Sdk("grok-4");
        List<ChatMessage> messages = [new UserChatMessage("Use get_weather with {\"city\":\"Oslo\"} please")];

        ChatCompletion first = await client.CompleteChatAsync(messages, Options(), ct).WaitAsync(Bound, ct);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("{\"city\":\"Oslo\"}", call.FunctionArguments.ToString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "Oslo: 3 °C & \"snow\""));
        ChatCompletion second = await client.CompleteChatAsync(messages, Options(), ct).WaitAsync(Bound, ct);

        // The simulator answers from the last <tool_result> of the prompt it got: the result made it there verbatim.
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("The tool get_weather returned: Oslo: 3 °C & \"snow\"", Assert.Single(second.Content).Text);
    }

    [Fact]
    public async Task BrokenBlockOnTheFirstAttempt_AnotherAttemptAnswers_ClientGetsTheGoodCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxRetry = 2 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer("Sure.\n" + BrokenBlock));
        env.Simulator.Chat.Enqueue(second, ChatScript.Answer("Sure.\n" + WeatherBlock));

        ChatCompletion completion = await env.Sdk("grok-4").CompleteChatAsync([new UserChatMessage("Weather?")], Options(), ct).WaitAsync(Bound, ct);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal("""{"city":"Paris"}""", Assert.Single(completion.ToolCalls).FunctionArguments.ToString());
        Assert.Equal("Sure.", Assert.Single(completion.Content).Text);
        Assert.Equal(1, env.Simulator.RequestCount(first, UpstreamPaths.ConversationsNew));
        Assert.Equal(1, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task BrokenBlockOnTheFirstStreamedAttempt_ClientOnlySeesTheSecondAttempt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxRetry = 2 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer(BrokenBlock));
        env.Simulator.Chat.Enqueue(second, ChatScript.Answer(WeatherBlock));

        var stream = await CollectAsync(env.Sdk("grok-4"), [new UserChatMessage("Weather?")], Options(), ct);

        Assert.Equal("get_weather", Assert.Single(stream.Calls).Value.Name);
        Assert.Equal([ChatFinishReason.ToolCalls], stream.Finishes);
        Assert.Equal(1, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task BrokenBlockOnEveryAttempt_502InvalidToolCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxRetry = 2 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer(BrokenBlock));
        env.Simulator.Chat.Enqueue(second, ChatScript.Answer("""<tool_call>{"name":"rm_rf","arguments":{}}</tool_call>"""));

        using var response = await env.PostAsync(Body(stream: false), ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error");
        Assert.Equal("invalid_tool_call", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("'rm_rf'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, env.Simulator.Requests.Count(r => r.Path == UpstreamPaths.ConversationsNew));

        // The SDK sees the same 502.
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(BrokenBlock));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(BrokenBlock));
        var refused = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-4").CompleteChatAsync([new UserChatMessage("Weather?")], Options(), ct).WaitAsync(Bound, ct));
        Assert.Equal(502, refused.Status);
    }

    [Fact]
    public async Task Stream_TextSentThenABrokenBlock_EndsWithAnErrorEventAndDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxRetry = 2 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer("Here is what I found so far.\n" + BrokenBlock));

        var transcript = await env.StreamAsync(Body(stream: true), ct);

        Assert.Equal("Here is what I found so far.", transcript.Content);
        var error = Assert.Single(transcript.Errors);
        Assert.Equal("invalid_tool_call", error.GetProperty("code").GetString());
        Assert.True(transcript.EndsWithDone);
        Assert.Empty(transcript.FinishReasons);
        Assert.DoesNotContain(transcript.Events, e => e.Contains("tool_call", StringComparison.Ordinal) && !e.Contains("invalid_tool_call", StringComparison.Ordinal));

        // The client had output: no other account was asked.
        Assert.Equal(0, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task ToolChoiceNone_ToolsNotDescribed_BlockPassesAsText()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("No tools today."));
        var options = Options();
        options.ToolChoice = ChatToolChoice.CreateNoneChoice();

        ChatCompletion completion = await env.Sdk("grok-4").CompleteChatAsync([new UserChatMessage("Weather in Paris?")], options, ct).WaitAsync(Bound, ct);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("Weather in Paris?", LastPrompt(env));
    }

    [Fact]
    public async Task BadToolDefinition_400NamingTheParameter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var body = Body(stream: false);
        body["tools"]!.AsArray().Add(JsonNode.Parse("""{"type":"function","function":{"name":"bad name!"}}"""));

        using var response = await env.PostAsync(body, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error");
        Assert.Equal("tools[2].function.name", error.GetProperty("param").GetString());
        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    private static JsonObject Body(bool stream) => new()
    {
        ["model"] = "grok-4",
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Weather in Paris?" }),
        ["tools"] = new JsonArray(
            JsonNode.Parse("""{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}"""),
            JsonNode.Parse("""{"type":"function","function":{"name":"get_time"}}""")),
    };

    private sealed record StreamedCall(string? Id, string? Name, StringBuilder Arguments);

    private sealed record StreamedAnswer(string Content, List<ChatFinishReason> Finishes, Dictionary<int, StreamedCall> Calls);

    // The SDK's streaming updates, with the tool-call pieces assembled per index as SDK users do.
    private static async Task<StreamedAnswer> CollectAsync(ChatClient client, List<ChatMessage> messages, ChatCompletionOptions options, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Bound);
        var content = new StringBuilder();
        var finishes = new List<ChatFinishReason>();
        var calls = new Dictionary<int, StreamedCall>();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options, bound.Token).WithCancellation(bound.Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }

            foreach (StreamingChatToolCallUpdate piece in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(piece.Index, out var call))
                {
                    call = new StreamedCall(piece.ToolCallId, piece.FunctionName, new StringBuilder());
                    calls[piece.Index] = call;
                }

                if (piece.FunctionArgumentsUpdate is { } arguments && !arguments.ToMemory().IsEmpty)
                {
                    call.Arguments.Append(arguments.ToString());
                }
            }

            if (update.FinishReason is { } finish)
            {
                finishes.Add(finish);
            }
        }

        return new StreamedAnswer(content.ToString(), finishes, calls);
    }
}
