using System.Net;
using System.Text;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Recording;
using Grok2Api.Storage.Tokens;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// A client that goes away cancels the upstream call at once, gives its lease back, and costs the
/// account nothing; the gateway does not try another account for a client that left.
/// </summary>
public sealed class ChatClientAbortTests
{
    // Well below how long the upstream would otherwise go on in these tests (12 s and more), with room for a loaded CI machine.
    private static readonly TimeSpan AbortNoticedWithin = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ClientAbortsAStream_UpstreamCancelledPromptly_LeaseReturns_NothingCharged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, SlowScript());

        // No draining on dispose: closing the response closes the connection, as a leaving client does.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, UseCookies = false }) { BaseAddress = env.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(ChatBodies.Text("grok-3", "abort me", stream: true).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = await SseReader.OpenAsync(response, abort.Token);
        string? firstContent;
        do
        {
            firstContent = await reader.NextAsync(abort.Token);
        }
        while (firstContent is not null && !firstContent.Contains("\"content\":\"Word", StringComparison.Ordinal));

        Assert.NotNull(firstContent);
        var upstream = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        Assert.False(upstream.IsCompleted, "the scripted answer is still streaming");
        Assert.Equal(1, env.InFlight);

        var abortedAt = TimeProvider.System.GetUtcNow();
        await abort.CancelAsync();
        reader.Dispose();
        response.Dispose();

        var aborted = await env.Simulator.WaitForRequestAsync(r => r.Id == upstream.Id && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        AssertNoticedPromptly(aborted, abortedAt);
        await env.SettledAsync(ct);
        AssertUntouched(env.View(first));
        Assert.Equal(0, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task ClientAbortsANonStreamRequestMidAnswer_UpstreamCancelledPromptly_LeaseReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, SlowScript());

        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = env.Gateway.BaseAddress };
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var call = client.PostAsync(
            new Uri("/v1/chat/completions", UriKind.Relative),
            new StringContent(ChatBodies.Text("grok-3", "abort me").ToJsonString(), Encoding.UTF8, "application/json"),
            abort.Token);
        // Wait until the upstream answer is under way (its first lines are out), then leave.
        var upstream = await env.Simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew, TimeSpan.FromSeconds(10), ct);
        await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        Assert.Equal(1, env.InFlight);

        var abortedAt = TimeProvider.System.GetUtcNow();
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), ct));

        var aborted = await env.Simulator.WaitForRequestAsync(r => r.Id == upstream.Id && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        AssertNoticedPromptly(aborted, abortedAt);
        await env.SettledAsync(ct);
        AssertUntouched(env.View(token));
    }

    [Fact]
    public async Task ClientLeavesWhileTheUpstreamHasNotStarted_UpstreamCancelledPromptly_NoOtherAccountTried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Timeout = 30 });
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Delay(TimeSpan.FromSeconds(20)).OnlyFor(UpstreamPaths.ConversationsNew));

        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = env.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(ChatBodies.Text("grok-3", "never mind", stream: true).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var call = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);
        var upstream = await env.Simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew, TimeSpan.FromSeconds(10), ct);
        Assert.Equal(1, env.InFlight);

        var abortedAt = TimeProvider.System.GetUtcNow();
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), ct));

        var aborted = await env.Simulator.WaitForRequestAsync(r => r.Id == upstream.Id && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        AssertNoticedPromptly(aborted, abortedAt);
        await env.SettledAsync(ct);
        AssertUntouched(env.View(first));
        Assert.Equal(0, env.Simulator.RequestCount(second, UpstreamPaths.ConversationsNew));
    }

    [Fact]
    public async Task SdkCancelsItsStreamingEnumeration_UpstreamCancelled_LeaseReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, SlowScript());

        // Without draining on dispose, as in the raw test: the SDK's transport otherwise drains for up to 2 s first.
        using var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, UseCookies = false });
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        abort.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var abortedAt = DateTimeOffset.MaxValue;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in env.Sdk("grok-3", http: http).CompleteChatStreamingAsync([new UserChatMessage("abort me")], cancellationToken: abort.Token))
            {
                foreach (var part in update.ContentUpdate)
                {
                    received.Append(part.Text);
                }

                if (received.Length > 0 && !abort.IsCancellationRequested)
                {
                    abortedAt = TimeProvider.System.GetUtcNow();
                    await abort.CancelAsync();
                }
            }
        });

        Assert.StartsWith("Word", received.ToString(), StringComparison.Ordinal);
        var aborted = await env.Simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew && r.ClientAborted, TimeSpan.FromSeconds(30), ct);
        AssertNoticedPromptly(aborted, abortedAt);
        await env.SettledAsync(ct);
        AssertUntouched(env.View(token));
    }

    // About 12 s of answer, one line every 200 ms: far longer than any test waits, each gap well inside stream_timeout.
    private static ChatScript SlowScript()
    {
        var words = string.Concat(Enumerable.Range(1, 60).Select(i => $"Word{i} "));
        return new ChatScript(ChatScript.Answer(words).Lines) { LineDelay = TimeSpan.FromMilliseconds(200) };
    }

    private static void AssertNoticedPromptly(RecordedRequest aborted, DateTimeOffset abortedAt)
    {
        Assert.False(aborted.ServerAborted);
        Assert.NotNull(aborted.AbortedAt);
        var delay = aborted.AbortedAt.Value - abortedAt;
        Assert.True(delay <= AbortNoticedWithin, $"the simulator noticed the abort {delay.TotalMilliseconds:0} ms after the client left");
    }

    private static void AssertUntouched(StoredToken view)
    {
        Assert.Equal(TokenStatus.Active, view.Status);
        Assert.Equal(ChatEnvironment.DefaultQuota, view.Quota);
        Assert.Equal(0, view.UseCount);
        Assert.Equal(0, view.FailCount);
    }
}
