using System.ClientModel;
using System.Diagnostics;
using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// When no account can answer, the client gets one OpenAI error whose status says why (429, 502,
/// 503, 504), also when it asked for a stream, and no account is charged.
/// </summary>
public sealed class ChatExhaustionTests
{
    [Theory]
    [InlineData("429", HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData("usage-limit", HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData("401", HttpStatusCode.BadGateway, "server_error", "upstream_unauthorized")]
    [InlineData("403", HttpStatusCode.BadGateway, "server_error", "upstream_forbidden")]
    [InlineData("anti-bot", HttpStatusCode.BadGateway, "server_error", "upstream_forbidden")]
    [InlineData("500", HttpStatusCode.BadGateway, "server_error", "upstream_error")]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "server_error", "upstream_unavailable")]
    [InlineData("reset", HttpStatusCode.BadGateway, "server_error", "upstream_unreachable")]
    [InlineData("stream-errors", HttpStatusCode.BadGateway, "server_error", "upstream_error")]
    [InlineData("top-level", HttpStatusCode.BadGateway, "server_error", "upstream_error")]
    public async Task EveryAccountFails_StreamRequest_GetsOneOpenAiErrorWithTheRightStatus(string fault, HttpStatusCode status, string type, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, FaultOf(fault).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "nobody home", stream: true), ct);

        var error = await OpenAiAssert.ErrorAsync(response, status, type, code, ct);
        Assert.DoesNotContain("eyJ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        if (status == HttpStatusCode.TooManyRequests)
        {
            // The upstream's Retry-After when it sent one, else a default of a few seconds.
            var retryAfter = response.Headers.RetryAfter?.Delta;
            Assert.True(fault == "429" ? retryAfter == TimeSpan.FromSeconds(30) : retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {retryAfter}");
        }

        // Each account was tried exactly once.
        var calls = env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).Select(r => r.Token);
        Assert.Equal([first, second], calls);
        await env.SettledAsync(ct);
        foreach (var token in new[] { first, second })
        {
            var view = env.View(token);
            Assert.Equal(0, view.UseCount);
            Assert.Equal(fault == "401" ? 1 : 0, view.FailCount);
            var cooling = fault is "429" or "usage-limit";
            Assert.Equal(cooling ? TokenStatus.Cooling : TokenStatus.Active, view.Status);
            Assert.Equal(cooling ? 0 : token == first ? ChatEnvironment.DefaultQuota : ChatEnvironment.SecondQuota, view.Quota);
        }
    }

    [Fact]
    public async Task EveryAccountFails_SdkSeesTheStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, Fault.ServerError(503).OnlyFor(UpstreamPaths.ConversationsNew));

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => env.Sdk("grok-3").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct).WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Equal(503, error.Status);

        var streamed = await Assert.ThrowsAsync<ClientResultException>(() => SdkStream.CollectAsync(env.Sdk("grok-3"), [new UserChatMessage("hi")], ct));
        Assert.Equal(503, streamed.Status);
    }

    [Fact]
    public async Task StartDelayLongerThanChatTimeout_OnEveryAccount_Is504WithinBoundedTime()
    {
        var ct = TestContext.Current.CancellationToken;
        const double Timeout = 1;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Timeout = Timeout });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromSeconds(30)).OnlyFor(UpstreamPaths.ConversationsNew));

        var clock = Stopwatch.StartNew();
        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "anyone?", stream: true), ct);
        var elapsed = clock.Elapsed;

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.GatewayTimeout, "server_error", "upstream_timeout", ct);
        // Two attempts of chat.timeout each, then the answer: not the 30 s the upstream would take.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(2 * Timeout * 0.9), TimeSpan.FromSeconds(2 * Timeout + 6));
        // Both upstream calls were given up (cancelled), not left running.
        foreach (var token in new[] { first, second })
        {
            await env.Simulator.WaitForRequestAsync(r => r.Token == token && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        }

        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
        Assert.Equal(0, env.View(first).FailCount);
        Assert.Equal(ChatEnvironment.SecondQuota, env.View(second).Quota);
    }

    [Fact]
    public async Task EveryAccountStallsBeforeOutput_Is504()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { StreamTimeout = 1 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, Fault.Stall(afterLines: 2).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "silence", stream: true), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.GatewayTimeout, "server_error", "upstream_timeout", ct);
        Assert.Equal([first, second], env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).Select(r => r.Token));
        await env.SettledAsync(ct);
        Assert.Equal(0, env.View(first).FailCount + env.View(second).FailCount);
    }

    [Fact]
    public async Task EveryAccountAnswersWithoutContent_Is502EmptyAnswer_NeverA200WithEmptyContent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        foreach (var token in new[] { first, second })
        {
            env.Simulator.Chat.Enqueue(token, new ChatScript(ChatLine.Conversation(), ChatLine.FinalMetadata()));
        }

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "anything?"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadGateway, "server_error", "upstream_empty_answer", ct);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
        Assert.Equal(ChatEnvironment.SecondQuota, env.View(second).Quota);
    }

    [Fact]
    public async Task NoTokenAtAll_Is429RateLimitExceeded_WithRetryAfter_EvenForAStream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "hello?", stream: true), ct);

        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
        Assert.Contains("grok-3", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task OnlyTokensWithoutQuota_Is429_AndNothingIsSentUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        await env.Registry.PatchAsync(TestTokens.IdOf(token), new TokenPatch { Quota = 0 }, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "hello?"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task MaxRetry_BoundsTheAccountsTried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxRetry = 2 });
        await env.AddTokenAsync(ct);
        await env.AddTokenAsync(ct, 75);
        await env.AddTokenAsync(ct, 70);
        env.Simulator.Faults.SetPersistent(null, Fault.ServerError(500).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", "three tokens"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadGateway, "server_error", "upstream_error", ct);
        Assert.Equal(2, env.Simulator.Requests.Count(r => r.Path == UpstreamPaths.ConversationsNew));
    }

    private static Fault FaultOf(string name) => name switch
    {
        "429" => Fault.RateLimited("30"),
        "401" => Fault.Unauthorized(),
        "403" => Fault.CloudflareChallenge(),
        "500" => Fault.ServerError(500),
        "503" => Fault.ServerError(503),
        "reset" => Fault.ConnectionReset(),
        _ => ChatFailoverTests.ErrorLine(name, afterLines: 2),
    };
}
