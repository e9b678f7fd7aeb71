// The Responses client of the OpenAI SDK 2.15 is marked experimental (OPENAI001); these tests use it
// on purpose, as the client applications of the gateway do.
#pragma warning disable OPENAI001

using System.ClientModel;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using OpenAI.Responses;

namespace Grok2Api.Proxy.FunctionalTests.Responses;

/// <summary>
/// The Responses API (<c>/v1/responses</c>) through the official OpenAI .NET SDK against the gateway
/// on real Kestrel, in front of the grok.com simulator: text, streams, reasoning, tool calls and the
/// stored responses (continuation, retrieve, delete, input items).
/// </summary>
public sealed class ResponsesSdkTests
{
    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    [Fact]
    public async Task CreateResponse_Text_ReturnsAMessageItem_WithUsage_AndEchoesTheModel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        ResponseResult response = await ResponsesTestClient.Sdk(env).CreateResponseAsync("grok-3", [ResponseItem.CreateUserMessageItem("hello there")], cancellationToken: ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal("grok-3", response.Model);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal("You said: hello there", Assert.Single(message.Content).Text);
        Assert.Equal("You said: hello there", response.GetOutputText());
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.True(response.Usage.OutputTokenCount > 0);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal("hello there", ResponsesTestClient.LastUpstreamMessage(env));
    }

    [Fact]
    public async Task CreateResponse_InstructionsAndStringInput_InstructionsLeadThePrompt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var options = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("what is up")]) { Instructions = "Answer like a pirate." };
        ResponseResult response = await ResponsesTestClient.Sdk(env).CreateResponseAsync(options, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal("system: Answer like a pirate.\n\nwhat is up", ResponsesTestClient.LastUpstreamMessage(env));
    }

    [Fact]
    public async Task CreateResponseStreaming_TextDeltasConcatenateToTheAnswer_SequenceNumbersIncrease_EndsCompleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Answer = "Streaming works: the quick brown fox jumps over the lazy dog, token by token.";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(Answer));

        var text = new System.Text.StringBuilder();
        var sequence = new List<int>();
        ResponseResult? completed = null;
        var deltas = 0;
        var options = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("stream please")]) { StreamingEnabled = true };
        await foreach (var update in (await ResponsesTestClient.Sdk(env).CreateResponseStreamingAsync(options, ct)).WithCancellation(ct))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas++;
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal(Answer, text.ToString());
        Assert.True(deltas > 3, $"expected several deltas, got {deltas}");
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.NotNull(completed);
        Assert.Equal(ResponseStatus.Completed, completed.Status);
        Assert.Equal(Answer, completed.GetOutputText());
        Assert.True(completed.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task CreateResponse_Thinking_GivesAReasoningItemWithTheSummary_EffortNoneHidesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        const string Thinking = "Pondering the question carefully.";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Forty-two.", thinking: Thinking));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Forty-two.", thinking: Thinking));

        var reasoned = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("think first")])
        {
            ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = ResponseReasoningEffortLevel.High, ReasoningSummaryVerbosity = ResponseReasoningSummaryVerbosity.Auto },
        };
        ResponseResult response = await ResponsesTestClient.Sdk(env).CreateResponseAsync(reasoned, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal(2, response.OutputItems.Count);
        var reasoning = Assert.IsAssignableFrom<ReasoningResponseItem>(response.OutputItems[0]);
        Assert.StartsWith("rs_", reasoning.Id, StringComparison.Ordinal);
        Assert.Equal(Thinking, reasoning.GetSummaryText());
        Assert.Equal("Forty-two.", Assert.IsAssignableFrom<MessageResponseItem>(response.OutputItems[1]).Content[0].Text);
        Assert.True(response.Usage.OutputTokenDetails.ReasoningTokenCount > 0);

        var hidden = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("no thinking")])
        {
            ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = new ResponseReasoningEffortLevel("none") },
        };
        ResponseResult plain = await ResponsesTestClient.Sdk(env).CreateResponseAsync(hidden, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(plain.OutputItems));
        Assert.Equal("Forty-two.", plain.GetOutputText());
    }

    [Fact]
    public async Task CreateResponse_ToolCallInTheAnswer_IsAFunctionCallItem_WithCallIdAndArguments()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("""Let me check.<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>"""));

        var options = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("weather in Paris?")]);
        options.Tools.Add(ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(WeatherSchema), false, "The weather of a city"));
        ResponseResult response = await ResponsesTestClient.Sdk(env).CreateResponseAsync(options, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal(2, response.OutputItems.Count);
        Assert.Equal("Let me check.", Assert.IsAssignableFrom<MessageResponseItem>(response.OutputItems[0]).Content[0].Text);
        var call = Assert.IsAssignableFrom<FunctionCallResponseItem>(response.OutputItems[1]);
        Assert.StartsWith("fc_", call.Id, StringComparison.Ordinal);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"Paris"}""", call.FunctionArguments.ToString());
        Assert.Contains("get_weather", ResponsesTestClient.LastUpstreamMessage(env), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolRoundTrip_FunctionCallThenOutput_TheResultReachesTheUpstreamPromptVerbatim()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("""<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>"""));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("It is sunny in Paris."));
        var client = ResponsesTestClient.Sdk(env);
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(WeatherSchema), false, "The weather of a city");

        List<ResponseItem> input = [ResponseItem.CreateUserMessageItem("weather in Paris?")];
        var first = new CreateResponseOptions("grok-3", input) { StoredOutputEnabled = false };
        first.Tools.Add(tool);
        ResponseResult called = await client.CreateResponseAsync(first, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        var call = Assert.IsAssignableFrom<FunctionCallResponseItem>(Assert.Single(called.OutputItems));

        const string Result = "{\"temperature\": 21, \"sky\": \"sunny <b>&</b>\"}";
        input.Add(call);
        input.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, Result));
        var second = new CreateResponseOptions("grok-3", input) { StoredOutputEnabled = false };
        second.Tools.Add(tool);
        ResponseResult answered = await client.CreateResponseAsync(second, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal("It is sunny in Paris.", answered.GetOutputText());
        var prompt = ResponsesTestClient.LastUpstreamMessage(env);
        Assert.Contains(Result, prompt, StringComparison.Ordinal);
        Assert.Contains("name=\"get_weather\"", prompt, StringComparison.Ordinal);
        Assert.Contains("""{"name":"get_weather","arguments":{"city":"Paris"}}""", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviousResponseId_ContinuesTheStoredConversation_WithoutItsInstructions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var client = ResponsesTestClient.Sdk(env);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Hello Ada."));

        var first = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("my name is Ada")]) { Instructions = "Be brief." };
        ResponseResult earlier = await client.CreateResponseAsync(first, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        var next = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("what is my name?")]) { PreviousResponseId = earlier.Id };
        ResponseResult later = await client.CreateResponseAsync(next, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal(earlier.Id, later.PreviousResponseId);
        Assert.Equal("user: my name is Ada\n\nassistant: Hello Ada.\n\nwhat is my name?", ResponsesTestClient.LastUpstreamMessage(env));
    }

    [Fact]
    public async Task PreviousResponseId_ToolOutputAlone_AnswersTheStoredCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("""<tool_call>{"name":"get_weather","arguments":{"city":"Rome"}}</tool_call>"""));
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Rome is warm."));
        var client = ResponsesTestClient.Sdk(env);
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(WeatherSchema), false, "The weather of a city");

        var first = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("weather in Rome?")]);
        first.Tools.Add(tool);
        ResponseResult called = await client.CreateResponseAsync(first, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        var call = Assert.IsAssignableFrom<FunctionCallResponseItem>(Assert.Single(called.OutputItems));

        var second = new CreateResponseOptions("grok-3", [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "28 degrees")]) { PreviousResponseId = called.Id };
        second.Tools.Add(tool);
        ResponseResult answered = await client.CreateResponseAsync(second, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        Assert.Equal("Rome is warm.", answered.GetOutputText());
        var prompt = ResponsesTestClient.LastUpstreamMessage(env);
        Assert.Contains("weather in Rome?", prompt, StringComparison.Ordinal);
        Assert.Contains("""{"name":"get_weather","arguments":{"city":"Rome"}}""", prompt, StringComparison.Ordinal);
        Assert.Contains($"<tool_result name=\"get_weather\" call_id=\"{call.CallId}\">\n28 degrees\n</tool_result>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviousResponseId_AfterAStream_IsStoredBeforeTheStreamCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var client = ResponsesTestClient.Sdk(env);

        string? id = null;
        var options = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("first turn")]) { StreamingEnabled = true };
        await foreach (var update in (await client.CreateResponseStreamingAsync(options, ct)).WithCancellation(ct))
        {
            if (update is StreamingResponseCompletedUpdate done)
            {
                id = done.Response.Id;
                break;
            }
        }

        Assert.NotNull(id);
        var next = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("second turn")]) { PreviousResponseId = id };
        ResponseResult later = await client.CreateResponseAsync(next, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.Equal(ResponseStatus.Completed, later.Status);
        Assert.StartsWith("user: first turn\n\nassistant: You said: first turn", ResponsesTestClient.LastUpstreamMessage(env), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredResponse_Retrieve_InputItems_Delete_ThenNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var client = ResponsesTestClient.Sdk(env);

        List<ResponseItem> input = [ResponseItem.CreateDeveloperMessageItem("context first"), ResponseItem.CreateUserMessageItem("then the question")];
        ResponseResult created = await client.CreateResponseAsync("grok-3", input, cancellationToken: ct).WaitAsync(ResponsesTestClient.Bound, ct);

        ResponseResult fetched = await client.GetResponseAsync(created.Id, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(created.GetOutputText(), fetched.GetOutputText());

        var items = new List<ResponseItem>();
        await foreach (var item in client.GetResponseInputItemsAsync(created.Id, ct).WithCancellation(ct))
        {
            items.Add(item);
        }

        // Newest first, as OpenAI lists them; every item has an id.
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.Id)));
        Assert.Equal("then the question", Assert.IsAssignableFrom<MessageResponseItem>(items[0]).Content[0].Text);
        Assert.Equal(MessageRole.Developer, Assert.IsAssignableFrom<MessageResponseItem>(items[1]).Role);

        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.True(deleted.Deleted);
        Assert.Equal(created.Id, deleted.ResponseId);

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id, ct).WaitAsync(ResponsesTestClient.Bound, ct));
        Assert.Equal(404, missing.Status);
        var again = await Assert.ThrowsAsync<ClientResultException>(() => client.DeleteResponseAsync(created.Id, ct).WaitAsync(ResponsesTestClient.Bound, ct));
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task StoreFalse_IsNotRetrievable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var client = ResponsesTestClient.Sdk(env);

        var options = new CreateResponseOptions("grok-3", [ResponseItem.CreateUserMessageItem("forget me")]) { StoredOutputEnabled = false };
        ResponseResult created = await client.CreateResponseAsync(options, ct).WaitAsync(ResponsesTestClient.Bound, ct);

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id, ct).WaitAsync(ResponsesTestClient.Bound, ct));
        Assert.Equal(404, missing.Status);
    }
}
