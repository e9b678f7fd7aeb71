using System.ClientModel;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// The official OpenAI .NET SDK (NuGet <c>OpenAI</c>) against the gateway on real Kestrel, in front
/// of the grok.com simulator: plain and streamed chat, reasoning, usage and errors as the SDK sees them.
/// </summary>
public sealed class ChatSdkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CompleteChat_NonStream_ReturnsTheAnswerWithUsage_AndChargesTheTokenOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("hello there")], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: hello there", Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("grok-3", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.NotNull(completion.Usage);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);

        var call = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        Assert.Equal(token, call.Token);
        Assert.Equal("hello there", call.BodyJson()!["message"]!.GetValue<string>());
        await env.SettledAsync(ct);
        var view = env.View(token);
        Assert.Equal(ChatEnvironment.DefaultQuota - 1, view.Quota);
        Assert.Equal(1, view.UseCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_YieldsContentThatConcatenatesToTheAnswer_FinishStop_AndUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        const string Answer = "Streaming works: the quick brown fox jumps over the lazy dog, token by token.";
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(Answer));

        var stream = await SdkStream.CollectAsync(env.Sdk("grok-3"), [new UserChatMessage("stream please")], ct);

        Assert.Equal(Answer, stream.Content);
        Assert.True(stream.Updates > 3, $"expected several updates, got {stream.Updates}");
        Assert.Equal([ChatFinishReason.Stop], stream.FinishReasons);
        // The SDK asks for stream_options.include_usage; the gateway answers with a usage chunk.
        Assert.NotNull(stream.Usage);
        Assert.True(stream.Usage.OutputTokenCount > 0);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota - 1, env.View(token).Quota);
    }

    [Fact]
    public async Task CompleteChat_WithApiKeyConfigured_RightKeyAnswers_WrongKeyIs401()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "sk-chat-functional-key-42";
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = $"api_key = \"{Key}\"" });
        var token = await env.AddTokenAsync(ct);

        ChatCompletion completion = await env.Sdk("grok-3", Key).CompleteChatAsync([new UserChatMessage("with key")], cancellationToken: ct).WaitAsync(Bound, ct);
        Assert.Equal("You said: with key", completion.Content[0].Text);

        var stream = await SdkStream.CollectAsync(env.Sdk("grok-3", Key), [new UserChatMessage("streamed with key")], ct);
        Assert.Equal("You said: streamed with key", stream.Content);

        var refused = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-3", "sk-wrong").CompleteChatAsync([new UserChatMessage("no")], cancellationToken: ct).WaitAsync(Bound, ct));
        Assert.Equal(401, refused.Status);

        // Only the two accepted requests reached grok.com, and only they were charged; the client's key never left the gateway.
        Assert.Equal(2, env.Simulator.RequestCount(token, UpstreamPaths.ConversationsNew));
        Assert.All(env.Simulator.Requests, r =>
        {
            Assert.Null(r.Header("authorization"));
            Assert.DoesNotContain(Key, string.Join("\n", r.Headers.Values), StringComparison.Ordinal);
            Assert.Equal($"sso={token}; sso-rw={token}", r.Header("cookie"));
        });
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota - 2, env.View(token).Quota);
    }

    [Fact]
    public async Task CompleteChat_ThinkingModel_SdkStillReadsTheAnswer_ReasoningStaysOutOfContent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.ThinkingFactory = _ => "Pondering the question carefully.";

        ChatCompletion completion = await env.Sdk("grok-4-thinking").CompleteChatAsync([new UserChatMessage("think first")], cancellationToken: ct).WaitAsync(Bound, ct);
        Assert.Equal("You said: think first", Assert.Single(completion.Content).Text);

        var stream = await SdkStream.CollectAsync(env.Sdk("grok-4-thinking"), [new UserChatMessage("think and stream")], ct);
        Assert.Equal("You said: think and stream", stream.Content);
        Assert.Equal([ChatFinishReason.Stop], stream.FinishReasons);

        // The simulator did think (the gateway had reasoning to hide from content).
        Assert.All(env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew), r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task CompleteChat_ThinkTagsFormat_PutsTheReasoningInContentBetweenThinkTags()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = "reasoning_format = \"think_tags\"" });
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.ThinkingFactory = _ => "Pondering the question carefully.";

        ChatCompletion completion = await env.Sdk("grok-4-thinking").CompleteChatAsync([new UserChatMessage("tags please")], cancellationToken: ct).WaitAsync(Bound, ct);
        AssertThinkTags(Assert.Single(completion.Content).Text, "You said: tags please");

        var stream = await SdkStream.CollectAsync(env.Sdk("grok-4-thinking"), [new UserChatMessage("streamed tags")], ct);
        AssertThinkTags(stream.Content, "You said: streamed tags");

        // reasoning_effort "none" hides the reasoning: no tags at all.
#pragma warning disable OPENAI001 // ReasoningEffortLevel is marked experimental in the SDK.
        var noReasoning = new ChatCompletionOptions { ReasoningEffortLevel = new ChatReasoningEffortLevel("none") };
#pragma warning restore OPENAI001
        var hidden = await env.Sdk("grok-4-thinking").CompleteChatAsync([new UserChatMessage("no thinking")], noReasoning, ct).WaitAsync(Bound, ct);
        Assert.Equal("You said: no thinking", hidden.Value.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_Is404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-99-imaginary").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct).WaitAsync(Bound, ct));

        Assert.Equal(404, error.Status);
        Assert.Contains("model_not_found", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    [Fact]
    public async Task CompleteChat_TemperatureOutOfRange_Is400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 5f }, ct).WaitAsync(Bound, ct));

        Assert.Equal(400, error.Status);
        Assert.Contains("\"temperature\"", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(token).Quota);
    }

    [Fact]
    public async Task CompleteChat_NoTokenInThePool_Is429_NonStreamAndStream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct).WaitAsync(Bound, ct));
        Assert.Equal(429, error.Status);
        Assert.Contains("rate_limit_exceeded", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);

        var streamed = await Assert.ThrowsAsync<ClientResultException>(
            () => SdkStream.CollectAsync(env.Sdk("grok-3"), [new UserChatMessage("hi")], ct));
        Assert.Equal(429, streamed.Status);
        Assert.Empty(env.Simulator.Requests);
    }

    private static void AssertThinkTags(string content, string answer)
    {
        var open = content.IndexOf("<think>", StringComparison.Ordinal);
        var reasoning = content.IndexOf("Pondering the question carefully.", StringComparison.Ordinal);
        var close = content.IndexOf("</think>", StringComparison.Ordinal);
        Assert.True(open == 0, $"content should start with <think>: {content}");
        Assert.True(open < reasoning && reasoning < close, $"reasoning should sit between the tags: {content}");
        Assert.EndsWith(answer, content, StringComparison.Ordinal);
        Assert.Equal(1, content.Split("<think>").Length - 1);
    }
}
