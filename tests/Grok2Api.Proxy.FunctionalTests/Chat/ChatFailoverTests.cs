using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// A failure of the first account before any output is hidden from the client: the next account
/// answers, the failed one is treated as its failure kind says, and quota is charged only for the
/// answer that succeeded. Two tokens; the first has more quota, so it is always tried first.
/// </summary>
public sealed class ChatFailoverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RateLimited429_OnTheFirstToken_ClientGetsTheAnswer_FirstIsCoolingWithQuotaZero_SecondIsCharged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.RateLimited("60").OnlyFor(UpstreamPaths.ConversationsNew));

        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: hi", completion.Content[0].Text);
        await env.SettledAsync(ct);
        var cooled = env.View(first);
        Assert.Equal(TokenStatus.Cooling, cooled.Status);
        Assert.Equal(0, cooled.Quota);
        Assert.Equal(0, cooled.UseCount);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Fact]
    public async Task Unauthorized401_OnTheFirstToken_SecondAnswersTheStream_FirstCountsOneFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Unauthorized().OnlyFor(UpstreamPaths.ConversationsNew));

        var stream = await SdkStream.CollectAsync(env.Sdk("grok-3"), [new UserChatMessage("who am i")], ct);

        Assert.Equal("You said: who am i", stream.Content);
        Assert.Equal([ChatFinishReason.Stop], stream.FinishReasons);
        await env.SettledAsync(ct);
        var rejected = env.View(first);
        Assert.Equal(1, rejected.FailCount);
        Assert.Equal(TokenStatus.Active, rejected.Status);
        Assert.Equal(ChatEnvironment.DefaultQuota, rejected.Quota);
        Assert.NotNull(rejected.LastFailAt);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Fact]
    public async Task CloudflareChallenge403_OnTheFirstToken_SecondAnswers_NoPenaltyForTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.CloudflareChallenge().OnlyFor(UpstreamPaths.ConversationsNew));

        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("behind cloudflare")], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: behind cloudflare", completion.Content[0].Text);
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ServerError5xx_OnTheFirstToken_RetriedOnTheSecond_NoPenalty(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.ServerError(status).OnlyFor(UpstreamPaths.ConversationsNew));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "server trouble", stream: true), ct);

        AssertCleanStream(transcript, "You said: server trouble");
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Fact]
    public async Task ConnectionResetBeforeTheResponse_RetriedOnTheSecond_NoPenalty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.ConnectionReset().OnlyFor(UpstreamPaths.ConversationsNew));

        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("reset")], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: reset", completion.Content[0].Text);
        await env.SettledAsync(ct);
        Assert.Contains(env.Simulator.Requests, r => r.Token == first && r.ServerAborted);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Fact]
    public async Task ConnectionResetAfterMetadataLinesButBeforeOutput_RetriedOnTheSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        // conversation + userResponse, then the connection drops: nothing visible was sent yet.
        env.Simulator.Faults.Enqueue(first, Fault.ConnectionReset(afterLines: 2).OnlyFor(UpstreamPaths.ConversationsNew));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "dropped early", stream: true), ct);

        AssertCleanStream(transcript, "You said: dropped early");
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    /// <summary>The in-stream error lines of docs/grok-protocol.md §6.3, sent after the metadata lines and before any token.</summary>
    [Theory]
    [InlineData("anti-bot", true, TokenStatus.Active)]
    [InlineData("anti-bot", false, TokenStatus.Active)]
    [InlineData("usage-limit", true, TokenStatus.Cooling)]
    [InlineData("usage-limit", false, TokenStatus.Cooling)]
    [InlineData("top-level-usage-limit", true, TokenStatus.Cooling)]
    [InlineData("top-level", true, TokenStatus.Active)]
    [InlineData("top-level", false, TokenStatus.Active)]
    [InlineData("stream-errors", true, TokenStatus.Active)]
    [InlineData("stream-errors", false, TokenStatus.Active)]
    public async Task InStreamErrorLineBeforeOutput_RetriedOnTheSecond_FirstTreatedByKind(string kind, bool stream, TokenStatus firstStatus)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, ErrorLine(kind, afterLines: 2).OnlyFor(UpstreamPaths.ConversationsNew));

        var answer = stream
            ? (await SdkStream.CollectAsync(env.Sdk("grok-3"), [new UserChatMessage("error line")], ct)).Content
            : (await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("error line")], cancellationToken: ct).WaitAsync(Bound, ct)).Value.Content[0].Text;

        Assert.Equal("You said: error line", answer);
        await env.SettledAsync(ct);
        var failed = env.View(first);
        Assert.Equal(firstStatus, failed.Status);
        Assert.Equal(firstStatus == TokenStatus.Cooling ? 0 : ChatEnvironment.DefaultQuota, failed.Quota);
        Assert.Equal(0, failed.FailCount);
        Assert.Equal(0, failed.UseCount);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
        AssertTriedOnceEach(env, first, second);
    }

    [Fact]
    public async Task StallBeforeOutput_AfterStreamTimeout_RetriedOnTheSecond_NoPenalty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { StreamTimeout = 1 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Stall(afterLines: 2).OnlyFor(UpstreamPaths.ConversationsNew));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "slow start", stream: true), ct);

        AssertCleanStream(transcript, "You said: slow start");
        // The stalled upstream call was given up (cancelled), not left hanging.
        await env.Simulator.WaitForRequestAsync(r => r.Token == first && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    [Fact]
    public async Task StartDelayLongerThanChatTimeout_OnTheFirst_RetriedOnTheSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Timeout = 1 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Delay(TimeSpan.FromSeconds(20)).OnlyFor(UpstreamPaths.ConversationsNew));

        ChatCompletion completion = await env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("late")], cancellationToken: ct).WaitAsync(Bound, ct);

        Assert.Equal("You said: late", completion.Content[0].Text);
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    [Fact]
    public async Task HeadersButNoFirstLineWithinChatTimeout_OnTheFirst_RetriedOnTheSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Timeout = 1, StreamTimeout = 30 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        // 200 and headers at once, but the first line only after 20 s: chat.timeout covers the first line too.
        env.Simulator.Chat.Enqueue(first, new ChatScript(ChatLine.Conversation().After(TimeSpan.FromSeconds(20)), ChatLine.Token("late"), ChatLine.FinalMetadata()));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "first line", stream: true), ct);

        AssertCleanStream(transcript, "You said: first line");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await env.Simulator.WaitForRequestAsync(r => r.Token == first && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    [Fact]
    public async Task EmptyAnswer_OnTheFirst_RetriedOnTheSecond()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, new ChatScript(ChatLine.Conversation(), ChatLine.UserResponse(), ChatLine.FinalMetadata()));

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "say something", stream: true), ct);

        AssertCleanStream(transcript, "You said: say something");
        await env.SettledAsync(ct);
        AssertUntouched(env, first);
        AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    internal static Fault ErrorLine(string kind, int afterLines) => kind switch
    {
        "anti-bot" => Fault.StreamError(StreamErrorShape.AntiBot, afterLines),
        "usage-limit" => Fault.StreamError(StreamErrorShape.UsageLimit, afterLines),
        "stream-errors" => Fault.StreamError(StreamErrorShape.StreamErrors, afterLines),
        "top-level" => Fault.StreamError(StreamErrorShape.AntiBot, afterLines) with { Body = """{"error":{"code":13,"message":"Internal error while generating."}}""" },
        "top-level-usage-limit" => Fault.StreamError(StreamErrorShape.AntiBot, afterLines) with { Body = """{"error":{"code":8,"message":"Too many requests."}}""" },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AssertCleanStream(ChatStreamTranscript transcript, string answer)
    {
        Assert.Equal(answer, transcript.Content);
        Assert.Empty(transcript.Errors);
        Assert.Equal(["stop"], transcript.FinishReasons);
        Assert.True(transcript.EndsWithDone);
        // One answer: a single role chunk, so nothing of the failed attempt leaked into the stream.
        var roles = transcript.Chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Count(c => c.GetProperty("delta").TryGetProperty("role", out _));
        Assert.Equal(1, roles);
        Assert.Single(transcript.Chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
    }

    private static void AssertUntouched(ChatEnvironment env, string token)
    {
        var view = env.View(token);
        Assert.Equal(TokenStatus.Active, view.Status);
        Assert.Equal(ChatEnvironment.DefaultQuota, view.Quota);
        Assert.Equal(0, view.FailCount);
        Assert.Equal(0, view.UseCount);
    }

    private static void AssertCharged(ChatEnvironment env, string token, int quotaBefore)
    {
        var view = env.View(token);
        Assert.Equal(TokenStatus.Active, view.Status);
        Assert.Equal(quotaBefore - 1, view.Quota);
        Assert.Equal(1, view.UseCount);
        Assert.Equal(0, view.FailCount);
    }

    private static void AssertTriedOnceEach(ChatEnvironment env, string first, string second)
    {
        var calls = env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).ToList();
        Assert.Equal([first, second], calls.Select(c => c.Token));
    }
}
