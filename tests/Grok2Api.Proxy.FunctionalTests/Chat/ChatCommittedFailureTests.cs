using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// Failures after the answer has begun: a stream, which has sent its first chunks, cannot move to
/// another account and ends with one error event and <c>[DONE]</c> (never just stops, never a false
/// <c>stop</c>); a non-stream answer, sent only once complete, moves to another account and gets an HTTP
/// error only when none is left (never a 200 with partial or empty content). The failing account is
/// not charged.
/// </summary>
public sealed class ChatCommittedFailureTests
{
    private const string Answer = "Alpha beta gamma delta epsilon zeta eta theta iota kappa.";

    [Theory]
    [InlineData("stream-errors", "server_error", "upstream_error", TokenStatus.Active)]
    [InlineData("top-level", "server_error", "upstream_error", TokenStatus.Active)]
    [InlineData("anti-bot", "server_error", "upstream_forbidden", TokenStatus.Active)]
    [InlineData("usage-limit", "rate_limit_error", "rate_limit_exceeded", TokenStatus.Cooling)]
    public async Task ErrorLineAfterOutput_Stream_EndsWithOneErrorEventThenDone_NoRetry(string kind, string type, string code, TokenStatus status)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer(Answer));
        // conversation, userResponse and two tokens reach the client, then the error line.
        env.Simulator.Faults.Enqueue(first, ChatFailoverTests.ErrorLine(kind, afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "long answer", stream: true), ct);

        AssertPartialThenError(transcript, type, code);
        await env.SettledAsync(ct);
        AssertNotCharged(env, first, status);
        Assert.Equal(0, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Theory]
    [InlineData("stream-errors", TokenStatus.Active)]
    [InlineData("usage-limit", TokenStatus.Cooling)]
    public async Task ErrorLineAfterOutput_NonStream_AnotherAccountAnswersItWhole(string kind, TokenStatus firstStatus)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer(Answer));
        env.Simulator.Chat.Enqueue(second, ChatScript.Answer(Answer));
        env.Simulator.Faults.Enqueue(first, ChatFailoverTests.ErrorLine(kind, afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "long answer"), ct);

        // Nothing of a non-stream answer is sent before it is complete, so the partial first answer is
        // dropped and the client gets the second account's whole answer, not an error.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal(Answer, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        await env.SettledAsync(ct);
        AssertNotCharged(env, first, firstStatus);
        var charged = env.View(second);
        Assert.Equal(ChatEnvironment.SecondQuota - 1, charged.Quota);
        Assert.Equal(1, charged.UseCount);
    }

    [Theory]
    [InlineData("stream-errors", HttpStatusCode.BadGateway, "server_error", "upstream_error")]
    [InlineData("usage-limit", HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded")]
    public async Task ErrorLineAfterOutput_NonStream_OnEveryAccount_IsAnHttpError_NotA200(string kind, HttpStatusCode status, string type, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        foreach (var token in new[] { first, second })
        {
            env.Simulator.Chat.Enqueue(token, ChatScript.Answer(Answer));
            env.Simulator.Faults.Enqueue(token, ChatFailoverTests.ErrorLine(kind, afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));
        }

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "long answer"), ct);

        await OpenAiAssert.ErrorAsync(response, status, type, code, ct);
        await env.SettledAsync(ct);
        var expected = kind == "usage-limit" ? TokenStatus.Cooling : TokenStatus.Active;
        AssertNotCharged(env, first, expected);
        Assert.Equal(expected, env.View(second).Status);
        Assert.Equal(0, env.View(second).UseCount);
    }

    [Fact]
    public async Task ConnectionResetAfterOutput_Stream_EndsWithAnErrorEventThenDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer(Answer));
        env.Simulator.Faults.Enqueue(first, Fault.ConnectionReset(afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "long answer", stream: true), ct);

        AssertPartialThenError(transcript, "server_error", "upstream_unreachable");
        await env.SettledAsync(ct);
        AssertNotCharged(env, first, TokenStatus.Active);
        Assert.Equal(0, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task ConnectionResetAfterOutput_NonStream_Is502()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, ChatScript.Answer(Answer));
        env.Simulator.Faults.Enqueue(token, Fault.ConnectionReset(afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "long answer"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadGateway, "server_error", "upstream_unreachable", ct);
        await env.SettledAsync(ct);
        AssertNotCharged(env, token, TokenStatus.Active);
    }

    [Fact]
    public async Task StalledUpstreamAfterOutput_Stream_EndsWithAnErrorEventWithinStreamTimeout_ThenDone()
    {
        var ct = TestContext.Current.CancellationToken;
        const double StreamTimeout = 1;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { StreamTimeout = StreamTimeout });
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, ChatScript.Answer(Answer));
        env.Simulator.Faults.Enqueue(token, Fault.Stall(afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "long answer", stream: true), ct, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = await SseReader.OpenAsync(response, ct);
        var events = new List<string>();
        var sinceLast = Stopwatch.StartNew();
        TimeSpan? silenceBeforeError = null;
        while (await reader.NextAsync(ct, TimeSpan.FromSeconds(StreamTimeout + 10)) is { } data)
        {
            if (data.StartsWith("{\"error\"", StringComparison.Ordinal))
            {
                silenceBeforeError = sinceLast.Elapsed;
            }

            events.Add(data);
            sinceLast.Restart();
        }

        Assert.True(silenceBeforeError is not null, string.Join("\n", events));
        // The gateway waited for the stream timeout, not less, and gave up soon after it (the slack
        // covers a loaded CI machine; the default stream timeout is a minute, far above it).
        Assert.InRange(silenceBeforeError.Value, TimeSpan.FromSeconds(StreamTimeout * 0.5), TimeSpan.FromSeconds(StreamTimeout + 5));
        var transcript = await ChatStreamTranscript.ReadAsync(reader, ct, events);
        AssertPartialThenError(transcript, "server_error", "upstream_timeout");
        // The stalled upstream request was cancelled.
        await env.Simulator.WaitForRequestAsync(r => r.Token == token && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        await env.SettledAsync(ct);
        AssertNotCharged(env, token, TokenStatus.Active);
    }

    [Fact]
    public async Task StalledUpstreamAfterOutput_NonStream_Is504WithinBoundedTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { StreamTimeout = 1 });
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, ChatScript.Answer(Answer));
        env.Simulator.Faults.Enqueue(token, Fault.Stall(afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        var clock = Stopwatch.StartNew();
        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "long answer"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.GatewayTimeout, "server_error", "upstream_timeout", ct);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await env.SettledAsync(ct);
        AssertNotCharged(env, token, TokenStatus.Active);
    }

    private static void AssertPartialThenError(ChatStreamTranscript transcript, string type, string code)
    {
        Assert.NotEqual("", transcript.Content);
        Assert.StartsWith(transcript.Content, Answer, StringComparison.Ordinal);
        Assert.True(transcript.Content.Length < Answer.Length);
        var error = Assert.Single(transcript.Errors);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        // The error is the last event before [DONE], and the stream never claims a normal end.
        Assert.True(transcript.Chunks[^1].TryGetProperty("error", out _));
        Assert.True(transcript.EndsWithDone);
        Assert.Empty(transcript.FinishReasons);
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
    }

    private static void AssertNotCharged(ChatEnvironment env, string token, TokenStatus status)
    {
        var view = env.View(token);
        Assert.Equal(status, view.Status);
        Assert.Equal(status == TokenStatus.Cooling ? 0 : ChatEnvironment.DefaultQuota, view.Quota);
        Assert.Equal(0, view.UseCount);
        Assert.Equal(0, view.FailCount);
    }
}
