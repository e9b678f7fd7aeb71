using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// Reasoning and usage as they appear on the wire (the SDK does not expose <c>reasoning_content</c>):
/// shown by default for thinking models, hidden by <c>reasoning_effort: "none"</c> or <c>app.thinking = false</c>.
/// </summary>
public sealed class ChatReasoningTests
{
    private const string Thought = "Weighing the options one by one.";

    [Fact]
    public async Task Stream_ThinkingModel_Default_SendsReasoningContentBeforeTheAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        using var response = await env.PostAsync(ChatBodies.Text("grok-4-thinking", "why", stream: true), ct, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var transcript = await ChatStreamTranscript.ReadAsync(response, ct);

        Assert.Equal(Thought, transcript.Reasoning.Trim());
        Assert.Equal("You said: why", transcript.Content);
        Assert.True(transcript.EndsWithDone);
        Assert.Equal(["stop"], transcript.FinishReasons);
        // Every reasoning delta comes before the first content delta.
        var kinds = transcript.Chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta"))
            .Select(d => d.TryGetProperty("reasoning_content", out _) ? 'r' : d.TryGetProperty("content", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0 ? 'c' : '-')
            .Where(k => k != '-')
            .ToArray();
        Assert.Contains('r', kinds);
        Assert.True(Array.LastIndexOf(kinds, 'r') < Array.IndexOf(kinds, 'c'), new string(kinds));
    }

    [Fact]
    public async Task NonStream_ThinkingModel_Default_HasReasoningContentInTheMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        var message = (await CompleteAsync(env, ChatBodies.Text("grok-4-thinking", "why"), ct)).GetProperty("choices")[0].GetProperty("message");

        Assert.Equal(Thought, message.GetProperty("reasoning_content").GetString()!.Trim());
        Assert.Equal("You said: why", message.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReasoningEffortNone_HidesTheReasoning(bool stream)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);
        var body = ChatBodies.Text("grok-4-thinking", "quick", stream);
        body["reasoning_effort"] = "none";

        var (raw, content) = await RawAsync(env, body, stream, ct);

        Assert.DoesNotContain("reasoning_content", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Weighing", raw, StringComparison.Ordinal);
        Assert.Equal("You said: quick", content);
        // The upstream was asked for the effort the client chose.
        var call = Assert.Single(env.Simulator.Requests, r => r.Path == Simulator.UpstreamPaths.ConversationsNew);
        Assert.Contains("\"none\"", call.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppThinkingOff_HidesTheReasoning_UnlessTheRequestAsksForIt(bool stream)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, "thinking = false");

        var (hidden, content) = await RawAsync(env, ChatBodies.Text("grok-4-thinking", "quiet", stream), stream, ct);
        Assert.DoesNotContain("reasoning_content", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("Weighing", hidden, StringComparison.Ordinal);
        Assert.Equal("You said: quiet", content);

        var asked = ChatBodies.Text("grok-4-thinking", "loud", stream);
        asked["reasoning_effort"] = "high";
        var (shown, answer) = await RawAsync(env, asked, stream, ct);
        Assert.Contains("reasoning_content", shown, StringComparison.Ordinal);
        Assert.Contains("Weighing", shown, StringComparison.Ordinal);
        Assert.Equal("You said: loud", answer);
    }

    [Fact]
    public async Task ThinkTagsFormat_ReasoningIsInContent_NeverInReasoningContent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, "reasoning_format = \"think_tags\"");

        using var response = await env.PostAsync(ChatBodies.Text("grok-4-thinking", "tags", stream: true), ct, HttpCompletionOption.ResponseHeadersRead);
        var transcript = await ChatStreamTranscript.ReadAsync(response, ct);

        Assert.Equal("", transcript.Reasoning);
        Assert.StartsWith("<think>", transcript.Content, StringComparison.Ordinal);
        Assert.Contains(Thought, transcript.Content, StringComparison.Ordinal);
        Assert.True(transcript.Content.IndexOf("</think>", StringComparison.Ordinal) < transcript.Content.IndexOf("You said: tags", StringComparison.Ordinal));
        Assert.EndsWith("You said: tags", transcript.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_NonStreamAlways_StreamOnlyWithIncludeUsage_InTheLastChunk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        var usage = (await CompleteAsync(env, ChatBodies.Text("grok-3", "count me"), ct)).GetProperty("usage");
        var prompt = usage.GetProperty("prompt_tokens").GetInt32();
        var completion = usage.GetProperty("completion_tokens").GetInt32();
        Assert.True(prompt > 0 && completion > 0);
        Assert.Equal(prompt + completion, usage.GetProperty("total_tokens").GetInt32());

        using (var plain = await env.PostAsync(ChatBodies.Text("grok-3", "count me", stream: true), ct, HttpCompletionOption.ResponseHeadersRead))
        {
            var transcript = await ChatStreamTranscript.ReadAsync(plain, ct);
            Assert.Empty(transcript.UsageChunks);
            Assert.Equal("You said: count me", transcript.Content);
        }

        var withUsage = ChatBodies.Text("grok-3", "count me", stream: true);
        withUsage["stream_options"] = new JsonObject { ["include_usage"] = true };
        using var counted = await env.PostAsync(withUsage, ct, HttpCompletionOption.ResponseHeadersRead);
        var counts = await ChatStreamTranscript.ReadAsync(counted, ct);
        var last = counts.Chunks[^1];
        var chunkUsage = Assert.Single(counts.UsageChunks).GetProperty("usage");
        Assert.Equal(JsonValueKind.Object, last.GetProperty("usage").ValueKind);
        Assert.Empty(last.GetProperty("choices").EnumerateArray());
        Assert.Equal(prompt, chunkUsage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completion, chunkUsage.GetProperty("completion_tokens").GetInt32());
        Assert.True(counts.EndsWithDone);
    }

    private static async Task<ChatEnvironment> StartAsync(CancellationToken ct, string app = "")
    {
        var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = app });
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.ThinkingFactory = _ => Thought;
        return env;
    }

    private static async Task<JsonElement> CompleteAsync(ChatEnvironment env, JsonObject body, CancellationToken ct)
    {
        using var response = await env.PostAsync(body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    // The whole answer body, and the answer text (the concatenated deltas of a stream).
    private static async Task<(string Raw, string Content)> RawAsync(ChatEnvironment env, JsonObject body, bool stream, CancellationToken ct)
    {
        using var response = await env.PostAsync(body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        if (!stream)
        {
            using var document = JsonDocument.Parse(text);
            return (text, document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!);
        }

        using var replay = new HttpResponseMessage { Content = new StringContent(text) };
        var transcript = await ChatStreamTranscript.ReadAsync(replay, ct);
        Assert.True(transcript.EndsWithDone);
        return (text, transcript.Content);
    }
}
