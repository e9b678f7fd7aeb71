using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Video;

namespace Grok2Api.Proxy.FunctionalTests.Video;

/// <summary>
/// The failure matrix of video through chat: a 429, 401 or 403 at any step (upload, media post,
/// conversation, stream), a stall and a moderated video. Before any output the next account
/// answers; a moderated video is a clear 400 with no other account tried; leases always complete.
/// </summary>
public sealed class VideoFailureTests
{
    public static TheoryData<string, string> FaultsAtSteps
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var fault in new[] { "429", "401", "403" })
            {
                foreach (var step in new[] { UpstreamPaths.UploadFile, UpstreamPaths.MediaPostCreate, UpstreamPaths.ConversationsNew })
                {
                    data.Add(fault, step);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FaultsAtSteps))]
    public async Task AFaultAtAnyStep_MovesToTheNextAccount_BeforeAnyOutput(string fault, string step)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        // Persistent for the first account: upload-file and media/post/create retry a 401 or 403 on the
        // same account first (their own call options); the conversation call never does.
        env.Simulator.Faults.SetPersistent(first, FaultOf(fault).OnlyFor(step));

        // Image-to-video, streamed with progress: every step runs, and the answer is an event stream.
        var transcript = await env.StreamAsync(
            VideoTesting.ChatBody("go", stream: true, imageUrl: "data:image/png;base64," + Convert.ToBase64String(VideoTesting.Png)), ct);

        Assert.Empty(transcript.Errors);
        Assert.Contains("/v1/files/video/", transcript.Content, StringComparison.Ordinal);
        var video = Assert.Single(env.Simulator.Videos.Received);
        Assert.Equal(second, video.Token);
        // The second account uploaded its own copy of the image: an upload belongs to one account.
        Assert.Contains(env.Simulator.Uploads.All, u => u.Token == second);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.SecondQuota - 4, env.View(second).Quota);
    }

    [Fact]
    public async Task AStall_MovesToTheNextAccount_WhenNothingWasSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, streamTimeout: 1);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Videos.Enqueue(first, VideoOutcome.Stall);

        using var response = await env.PostAsync(VideoTesting.ChatBody("slow"), ct);
        await VideoTesting.ContentAsync(response, ct);

        Assert.Equal([first, second], env.Simulator.Videos.Received.Select(r => r.Token));
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
    }

    [Fact]
    public async Task AStall_AfterProgressWasStreamed_EndsWithAnErrorEventAndDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, streamTimeout: 1);
        await env.AddTwoTokensAsync(ct);
        env.Simulator.Videos.Enqueue(null, VideoOutcome.Stall);

        var transcript = await env.StreamAsync(VideoTesting.ChatBody("slow", stream: true), ct);

        Assert.Contains("Generating video: 25%", transcript.Reasoning, StringComparison.Ordinal);
        Assert.Single(transcript.Errors);
        Assert.True(transcript.EndsWithDone);
        Assert.Single(env.Simulator.Videos.Received);
        await env.SettledAsync(ct);
    }

    [Fact]
    public async Task AnAnswerThatDoesNotStartWithinVideoTimeout_MovesToTheNextAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, timeout: 1);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Delay(TimeSpan.FromSeconds(3)).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await env.PostAsync(VideoTesting.ChatBody("late start"), ct);
        await VideoTesting.ContentAsync(response, ct);

        Assert.Equal(second, Assert.Single(env.Simulator.Videos.Received, r => r.Token == second).Token);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
    }

    [Fact]
    public async Task WhenEveryVideoSlotIsTaken_AChatVideoGets429AfterTheQueueTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, concurrent: 1);
        await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromSeconds(4)).OnlyFor(UpstreamPaths.ConversationsNew));

        var slow = env.PostAsync(VideoTesting.ChatBody("first"), ct);
        await Eventually.PollAsync(() => Task.FromResult(env.Simulator.MediaPosts.All.Count), n => n == 1, TimeSpan.FromSeconds(10), ct);
        using (var refused = await env.PostAsync(VideoTesting.ChatBody("second"), ct))
        {
            await OpenAiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
        }

        using var first = await slow;
        await VideoTesting.ContentAsync(first, ct);
    }

    [Fact]
    public async Task AModeratedVideo_IsAContentPolicyError_NoOtherAccountTried_NothingCharged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Videos.Enqueue(null, VideoOutcome.Moderated);

        using var response = await env.PostAsync(VideoTesting.ChatBody("forbidden"), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "content_policy_violation", ct);
        Assert.Single(env.Simulator.Videos.Received);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(first).Quota);
        Assert.Equal(ChatEnvironment.SecondQuota, env.View(second).Quota);
    }

    [Fact]
    public async Task EveryAccountFailing_EndsWithAClearError_AndEveryLeaseCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.SetPersistent(null, Fault.RateLimited().OnlyFor(UpstreamPaths.MediaPostCreate));

        using var response = await env.PostAsync(VideoTesting.ChatBody("nope", new JsonObject { ["video_length"] = 15 }), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
        Assert.Empty(env.Simulator.Videos.Received);
        await env.SettledAsync(ct);
    }

    private static Fault FaultOf(string fault) => fault switch
    {
        "429" => Fault.RateLimited(),
        "401" => Fault.Unauthorized(),
        _ => Fault.CloudflareChallenge(),
    };
}
