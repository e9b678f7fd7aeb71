using System.Net;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Simulator.Tests;

public sealed class RecordingTests : SimulatorTestBase
{
    [Fact]
    public async Task Requests_RecordMethodPathQueryHeadersBodyAndToken()
    {
        var request = Upstream.Post("/rest/rate-limits?trace=1", Upstream.Token, """{"requestKind":"DEFAULT","modelName":"grok-4-1-thinking-1129"}""");
        request.Headers.TryAddWithoutValidation("Baggage", "sentry-environment=production");
        using var response = await SendAsync(request);

        var recorded = Assert.Single(Sim.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/rest/rate-limits", recorded.Path);
        Assert.Equal("?trace=1", recorded.Query);
        Assert.Equal("/rest/rate-limits?trace=1", recorded.PathAndQuery);
        Assert.Equal(Upstream.Cookie(Upstream.Token), recorded.Header("cookie"));
        Assert.Equal("sentry-environment=production", recorded.Header("Baggage"));
        Assert.Equal("application/json", recorded.Header("Content-Type"));
        Assert.Equal("DEFAULT", recorded.BodyJson()!["requestKind"]!.GetValue<string>());
        Assert.Equal(Upstream.Token, recorded.Token);
        Assert.Equal(200, recorded.StatusCode);
        Assert.True(recorded.EndedAt >= recorded.StartedAt);
        Assert.False(recorded.ClientAborted);
    }

    [Fact]
    public async Task Requests_ChatBody_IsRecordedByteForByte()
    {
        var body = Upstream.ChatBody("record me");
        using var response = await SendAsync(Upstream.Chat(body: body));
        await response.Content.ReadAsStringAsync(Ct);

        var recorded = await Sim.WaitForRequestAsync(r => r.IsCompleted, Bound, Ct);

        Assert.Equal(body.ToJsonString(), recorded.BodyText);
        Assert.Equal("record me", recorded.BodyJson()!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForRequestAsync_RequestArrivesLater_ReturnsIt()
    {
        var wait = Sim.WaitForRequestAsync(r => r.Path == UpstreamPaths.RateLimits, Bound, Ct);
        Assert.False(wait.IsCompleted);

        using var response = await SendAsync(Upstream.RateLimits());

        Assert.Equal(Upstream.Token, (await wait).Token);
    }

    [Fact]
    public async Task WaitForRequestAsync_NothingMatches_ThrowsTimeout()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => Sim.WaitForRequestAsync(r => r.Path == "/never", TimeSpan.FromMilliseconds(100), Ct));
    }

    [Fact]
    public async Task ClientCancelsMidStream_IsRecordedAsAbortedPromptly()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall(afterLines: 1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var response = await Client.SendAsync(Upstream.Chat(), HttpCompletionOption.ResponseHeadersRead, cts.Token).WaitAsync(Bound, Ct);
        using var ndjson = await Ndjson.OpenAsync(response, cts.Token);
        await ndjson.ReadLineAsync(Bound, cts.Token);
        var pending = ndjson.ReadLineAsync(Bound, cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        var recorded = await Sim.WaitForRequestAsync(r => r.ClientAborted, TimeSpan.FromSeconds(3), Ct);
        Assert.NotNull(recorded.AbortedAt);
        Assert.False(recorded.ServerAborted);
        await Sim.WaitForRequestAsync(r => r.IsCompleted, Bound, Ct);
    }

    [Fact]
    public async Task ClientCancelsBeforeResponseHeaders_IsRecordedAsAborted()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Delay(TimeSpan.FromSeconds(30)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var send = Client.SendAsync(Upstream.Chat(), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await Sim.WaitForRequestAsync(r => r.FaultApplied is not null, Bound, Ct);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);

        var recorded = await Sim.WaitForRequestAsync(r => r.ClientAborted && r.IsCompleted, TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(Upstream.Token, recorded.Token);
    }

    [Fact]
    public async Task CompletedRequest_IsNotMarkedAborted()
    {
        using (var response = await SendAsync(Upstream.Chat()))
        {
            await response.Content.ReadAsStringAsync(Ct);
        }

        var recorded = await Sim.WaitForRequestAsync(r => r.IsCompleted, Bound, Ct);
        Assert.False(recorded.ClientAborted);
        Assert.Null(recorded.AbortedAt);
    }

    [Fact]
    public async Task RequestCounts_ArePerTokenAndPerPath()
    {
        (await SendAsync(Upstream.RateLimits(Upstream.Token))).Dispose();
        (await SendAsync(Upstream.RateLimits(Upstream.Token))).Dispose();
        (await SendAsync(Upstream.RateLimits(Upstream.OtherToken))).Dispose();
        (await SendAsync(Upstream.Chat(Upstream.Token))).Dispose();

        Assert.Equal(3, Sim.RequestCount(Upstream.Token));
        Assert.Equal(2, Sim.RequestCount(Upstream.Token, UpstreamPaths.RateLimits));
        var counts = Sim.RequestCountsByToken(UpstreamPaths.RateLimits);
        Assert.Equal(2, counts[Upstream.Token]);
        Assert.Equal(1, counts[Upstream.OtherToken]);
    }

    [Fact]
    public async Task ClearRequests_EmptiesTheLog()
    {
        (await SendAsync(Upstream.RateLimits())).Dispose();

        Sim.ClearRequests();

        Assert.Empty(Sim.Requests);
        Assert.Equal(0, Sim.RequestCount(Upstream.Token));
    }

    [Fact]
    public async Task UnknownRoute_Returns404JsonAndIsRecorded()
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/rest/does-not-exist"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/rest/does-not-exist", Assert.Single(Sim.Requests).Path);
    }
}
