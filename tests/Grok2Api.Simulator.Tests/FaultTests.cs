using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Simulator.Tests;

public sealed class FaultTests : SimulatorTestBase
{
    [Fact]
    public async Task RateLimitedFault_WithRetryAfter_Returns429HeaderAndJson()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.RateLimited(retryAfter: "17"));

        using var response = await SendAsync(Upstream.Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(17), response.Headers.RetryAfter?.Delta);
        Assert.Equal(8, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task RateLimitedFault_WithoutRetryAfter_SendsNoHeader()
    {
        Sim.Faults.Enqueue(null, Fault.RateLimited());

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task UnauthorizedFault_Returns401Json()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Unauthorized());

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]);
    }

    [Fact]
    public async Task CloudflareFault_Returns403ChallengePage()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.CloudflareChallenge());

        using var response = await SendAsync(Upstream.Chat());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Just a moment...", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("challenge", response.Headers.GetValues("cf-mitigated").Single());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ServerErrorFault_ReturnsTheStatusWithABody(int status)
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.ServerError(status));

        using var response = await SendAsync(Upstream.Chat());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ServerErrorFault_CustomBody_IsSent()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.ServerError(500) with { Body = "boom" });

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal("boom", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ConnectionResetFault_BeforeResponse_ClientGetsATransportError()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.ConnectionReset());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SendAsync(Upstream.Chat()));

        Assert.True(error is HttpRequestException or IOException, error.ToString());
        var recorded = await Sim.WaitForRequestAsync(r => r.IsCompleted, Bound, Ct);
        Assert.True(recorded.ServerAborted);
        Assert.False(recorded.ClientAborted);
    }

    [Fact]
    public async Task ConnectionResetFault_AfterLines_BreaksTheStreamAfterThoseLines()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.ConnectionReset(afterLines: 2));
        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        Assert.NotNull(await ndjson.ReadLineAsync(Bound, Ct));
        Assert.NotNull(await ndjson.ReadLineAsync(Bound, Ct));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ndjson.ReadLineAsync(Bound, Ct));

        Assert.True(error is HttpRequestException or IOException, error.ToString());
    }

    [Fact]
    public async Task StallFault_AfterLines_SendsNothingMoreAndNoticesTheClientLeaving()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall(afterLines: 1));
        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        Assert.Contains("conversation", await ndjson.ReadLineAsync(Bound, Ct), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ndjson.ReadLineAsync(TimeSpan.FromMilliseconds(300), Ct));

        // The client leaves: closing the response ends the connection whatever the timed-out read did.
        response.Dispose();
        var recorded = await Sim.WaitForRequestAsync(r => r.ClientAborted, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(nameof(FaultKind.Stall), recorded.FaultApplied);
    }

    [Fact]
    public async Task StallFault_OnRateLimits_NeverAnswers()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(300);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.SendAsync(Upstream.RateLimits(), cts.Token));
    }

    [Fact]
    public async Task StallFault_OnDispose_EndsTheStalledStream()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall(afterLines: 0));
        using var response = await SendAsync(Upstream.Chat());
        using var ndjson = await Ndjson.OpenAsync(response, Ct);
        var read = ndjson.ReadLineAsync(Bound, Ct);

        await Sim.DisposeAsync().AsTask().WaitAsync(Bound, Ct);

        var outcome = await Record.ExceptionAsync(() => read);
        Assert.True(outcome is null or IOException or HttpRequestException, outcome?.ToString());
    }

    [Theory]
    [InlineData(StreamErrorShape.AntiBot)]
    [InlineData(StreamErrorShape.UsageLimit)]
    [InlineData(StreamErrorShape.StreamErrors)]
    public async Task StreamErrorFault_SendsOneErrorLineAfterNLinesThenEnds(StreamErrorShape shape)
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.StreamError(shape, afterLines: 2));
        using var response = await SendAsync(Upstream.Chat());

        var lines = await Ndjson.ReadAllJsonAsync(response, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, lines.Count);
        var error = lines[2];
        switch (shape)
        {
            case StreamErrorShape.AntiBot:
                Assert.Equal(7, error["error"]!["code"]!.GetValue<int>());
                Assert.Contains("anti-bot", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
                break;
            case StreamErrorShape.UsageLimit:
                Assert.Equal("You've reached your usage limit. Please try again later.", error["result"]!["response"]!["error"]!["message"]!.GetValue<string>());
                break;
            default:
                Assert.NotEmpty(error["result"]!["response"]!["modelResponse"]!["streamErrors"]!.AsArray());
                break;
        }

        Assert.Equal(80, Sim.Accounts.Get(Upstream.Token)?.Remaining ?? 80);
    }

    [Fact]
    public async Task StreamErrorFault_OnRateLimits_Answers200WithTheErrorObject()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.StreamError(StreamErrorShape.AntiBot));

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task QueuedFault_IsConsumedByOneRequestOnly()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.ServerError(503));

        using var first = await SendAsync(Upstream.RateLimits());
        using var second = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, Sim.Faults.PendingCount);
    }

    [Fact]
    public async Task QueuedFault_ForOneToken_DoesNotHitAnother()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Unauthorized());

        using var other = await SendAsync(Upstream.RateLimits(Upstream.OtherToken));
        using var own = await SendAsync(Upstream.RateLimits(Upstream.Token));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, own.StatusCode);
    }

    [Fact]
    public async Task QueuedFault_RestrictedToAnEndpoint_LeavesOtherEndpointsAlone()
    {
        Sim.Faults.Enqueue(null, Fault.RateLimited().OnlyFor(UpstreamPaths.ConversationsNew));

        using var limits = await SendAsync(Upstream.RateLimits());
        using var chat = await SendAsync(Upstream.Chat());

        Assert.Equal(HttpStatusCode.OK, limits.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
    }

    [Fact]
    public async Task PersistentFault_HitsEveryRequestUntilCleared()
    {
        Sim.Faults.SetPersistent(Upstream.Token, Fault.ServerError(502));

        using var first = await SendAsync(Upstream.RateLimits());
        using var second = await SendAsync(Upstream.Chat());
        Sim.Faults.ClearPersistent(Upstream.Token);
        using var third = await SendAsync(Upstream.RateLimits());

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task PersistentFault_ForAnyToken_YieldsToQueuedFaults()
    {
        Sim.Faults.SetPersistent(null, Fault.ServerError(500));
        Sim.Faults.Enqueue(Upstream.Token, Fault.Unauthorized());

        using var first = await SendAsync(Upstream.RateLimits());
        using var second = await SendAsync(Upstream.RateLimits(Upstream.OtherToken));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
    }
}

public sealed class DelayFaultTests : SimulatorTestBase
{
    private readonly FakeTimeProvider _time = new();

    protected override SimulatorOptions CreateOptions() => new() { TimeProvider = _time };

    [Fact]
    public async Task DelayFault_HoldsTheResponseStartUntilTheDelayPasses()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Delay(TimeSpan.FromMinutes(5)));

        var send = Client.SendAsync(Upstream.Chat(), HttpCompletionOption.ResponseHeadersRead, Ct);
        await Task.WhenAny(send, Task.Delay(200, Ct));
        Assert.False(send.IsCompleted, "no response headers before the delay passes");

        await AdvanceUntilAsync(_time, TimeSpan.FromMinutes(5), send);
        using var response = await send;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StartDelay_OnAStatusFault_DelaysThatFault()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.RateLimited() with { StartDelay = TimeSpan.FromMinutes(1) });

        var send = Client.SendAsync(Upstream.RateLimits(), Ct);
        await Task.WhenAny(send, Task.Delay(200, Ct));
        Assert.False(send.IsCompleted);

        await AdvanceUntilAsync(_time, TimeSpan.FromMinutes(1), send);
        using var response = await send;
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }
}
