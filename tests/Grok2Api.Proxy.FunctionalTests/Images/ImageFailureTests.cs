using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Imagine;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>
/// The failure matrix of image generation: a 429, 401 or 403 at the handshake, a stall, an error
/// message and a blocked prompt. Before any output the next account answers (in the JSON, stream and
/// chat modes); a blocked prompt is a clear error and tries no other account; a partly successful
/// request returns what it got; every lease is completed.
/// </summary>
public sealed class ImageFailureTests
{
    public enum Mode
    {
        Json,
        Stream,
        Chat,
    }

    [Theory]
    [InlineData(Mode.Json)]
    [InlineData(Mode.Stream)]
    [InlineData(Mode.Chat)]
    public async Task Handshake429_OnTheFirstToken_SecondAnswers_FirstIsCooling(Mode mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.RateLimited("30").OnlyFor(UpstreamPaths.ImagineListen));

        await ExpectImagesAsync(env, mode, ct);

        await env.SettledAsync(ct);
        var cooled = env.View(first);
        Assert.Equal(TokenStatus.Cooling, cooled.Status);
        Assert.Equal(0, cooled.Quota);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first, second], ImageTestKit.Handshakes(env.Simulator));
    }

    [Theory]
    [InlineData(Mode.Json)]
    [InlineData(Mode.Stream)]
    [InlineData(Mode.Chat)]
    public async Task Handshake401_OnTheFirstToken_SecondAnswers_FirstCountsAFailure(Mode mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Unauthorized().OnlyFor(UpstreamPaths.ImagineListen));

        await ExpectImagesAsync(env, mode, ct);

        await env.SettledAsync(ct);
        Assert.Equal(1, env.View(first).FailCount);
        Assert.Equal(0, env.View(first).UseCount);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first, second], ImageTestKit.Handshakes(env.Simulator));
    }

    [Theory]
    [InlineData(Mode.Json)]
    [InlineData(Mode.Stream)]
    [InlineData(Mode.Chat)]
    public async Task Handshake403_OnTheFirstToken_SecondAnswers_FirstUntouched(Mode mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.CloudflareChallenge().OnlyFor(UpstreamPaths.ImagineListen));

        await ExpectImagesAsync(env, mode, ct);

        await env.SettledAsync(ct);
        ImageTestKit.AssertUntouched(env, first);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first, second], ImageTestKit.Handshakes(env.Simulator));
    }

    [Theory]
    [InlineData(Mode.Json)]
    [InlineData(Mode.Stream)]
    [InlineData(Mode.Chat)]
    public async Task StallBeforeAnyMessage_OnTheFirstToken_SecondAnswers(Mode mode)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(streamTimeout: 1));
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.Stall(afterLines: 0).OnlyFor(UpstreamPaths.ImagineListen));

        await ExpectImagesAsync(env, mode, ct);

        await env.SettledAsync(ct);
        Assert.Equal(0, env.View(first).UseCount);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first, second], ImageTestKit.Handshakes(env.Simulator));
    }

    [Fact]
    public async Task StallAfterPreviews_WholeAnswer_SecondAccountAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(streamTimeout: 1));
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Imagine.Enqueue(first, ImagineOutcome.Stall);

        await ExpectImagesAsync(env, Mode.Json, ct);

        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    [Fact]
    public async Task StallAfterPartials_Stream_EndsWithOneErrorEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(streamTimeout: 1));
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Imagine.Enqueue(first, ImagineOutcome.Stall);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1, stream: true), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ImageTestKit.Events(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(["image_generation.partial_image", "error"], events.Select(e => e.Name));
        Assert.Equal("upstream_timeout", events[1].Data.GetProperty("error").GetProperty("code").GetString());
        await env.SettledAsync(ct);
        ImageTestKit.AssertUntouched(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first], ImageTestKit.Handshakes(env.Simulator));
    }

    [Fact]
    public async Task ErrorMessage_OnTheFirstToken_SecondAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Imagine.Enqueue(first, ImagineOutcome.Error);

        await ExpectImagesAsync(env, Mode.Json, ct);

        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first, second], ImageTestKit.Handshakes(env.Simulator));
    }

    [Fact]
    public async Task RateLimitErrorMessage_AfterAPreview_WholeAnswer_SecondAnswers_FirstCooling()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.StreamError(StreamErrorShape.UsageLimit, afterLines: 1).OnlyFor(UpstreamPaths.ImagineListen));

        await ExpectImagesAsync(env, Mode.Json, ct);

        await env.SettledAsync(ct);
        Assert.Equal(TokenStatus.Cooling, env.View(first).Status);
        ImageTestKit.AssertCharged(env, second, ChatEnvironment.SecondQuota);
    }

    [Fact]
    public async Task BlockedPrompt_Json_400ContentPolicyViolation_NoOtherAccount_NotCharged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(finalTimeout: 1));
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Imagine.Enqueue(null, ImagineOutcome.Blocked);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(2), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("content_policy_violation", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("error\"}", error.RootElement.GetRawText()[1..], StringComparison.Ordinal);
        await env.SettledAsync(ct);
        ImageTestKit.AssertUntouched(env, first);
        ImageTestKit.AssertUntouched(env, second, ChatEnvironment.SecondQuota);
        Assert.Equal([first], ImageTestKit.Handshakes(env.Simulator));
    }

    [Fact]
    public async Task BlockedPrompt_Stream_PartialsThenContentPolicyErrorEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(finalTimeout: 1));
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Imagine.Enqueue(null, ImagineOutcome.Blocked);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1, stream: true), ct);

        var events = ImageTestKit.Events(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "error"], events.Select(e => e.Name));
        Assert.Equal("content_policy_violation", events[^1].Data.GetProperty("error").GetProperty("code").GetString());
        await env.SettledAsync(ct);
        ImageTestKit.AssertUntouched(env, token);
    }

    [Fact]
    public async Task BlockedPrompt_Chat_400ContentPolicyViolation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(finalTimeout: 1));
        await env.AddTokenAsync(ct);
        env.Simulator.Imagine.Enqueue(null, ImagineOutcome.Blocked);

        using var response = await env.PostAsync(ImageChatTests.Body(1, stream: false), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("content_policy_violation", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await env.SettledAsync(ct);
    }

    [Fact]
    public async Task PartlySuccessful_ReturnsTheImagesItGot_AndSaysHowManyFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Imagine.Enqueue(null, ImagineOutcome.OneFinal);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(3), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        var data = answer["data"]!.AsArray();
        var id = Assert.Single(env.Simulator.Imagine.Received).ImageIds[0];
        Assert.Equal(Convert.ToBase64String(ImagineImages.Final(id)), Assert.Single(data)!["b64_json"]!.GetValue<string>());
        Assert.All(data, d => Assert.NotEqual("error", d!["b64_json"]!.GetValue<string>()));
        Assert.Equal(3, answer["partial_failure"]!["requested"]!.GetValue<int>());
        Assert.Equal(2, answer["partial_failure"]!["failed"]!.GetValue<int>());
        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, token, ChatEnvironment.DefaultQuota);
    }

    [Fact]
    public async Task EveryAccountRateLimited_429WithRetryAfter_LeasesCompleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.RateLimited("30").OnlyFor(UpstreamPaths.ImagineListen));
        env.Simulator.Faults.Enqueue(second, Fault.RateLimited("30").OnlyFor(UpstreamPaths.ImagineListen));

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        await env.SettledAsync(ct);
        Assert.Equal(0, env.InFlight);
    }

    private static async Task ExpectImagesAsync(ChatEnvironment env, Mode mode, CancellationToken ct)
    {
        switch (mode)
        {
            case Mode.Json:
            {
                using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(2), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                var data = JsonNode.Parse(text)!["data"]!.AsArray();
                Assert.Equal(2, data.Count);
                var finals = ImageTestKit.SimulatorFinals(env.Simulator);
                Assert.All(data, d => Assert.Contains(d!["b64_json"]!.GetValue<string>(), finals));
                break;
            }

            case Mode.Stream:
            {
                using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1, stream: true), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var events = ImageTestKit.Events(await response.Content.ReadAsStringAsync(ct));
                Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.Select(e => e.Name));
                break;
            }

            default:
            {
                var transcript = await env.StreamAsync(ImageChatTests.Body(1, stream: true), ct);
                Assert.Empty(transcript.Errors);
                Assert.Contains("/v1/files/image/imagine-", transcript.Content, StringComparison.Ordinal);
                Assert.True(transcript.EndsWithDone);
                break;
            }
        }
    }
}
