using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class GrokRestClientTests
{
    private const string Token = UpstreamTestContext.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static GrokConfig WithRetry(Uri upstream, Func<RetrySection, RetrySection> change)
    {
        var config = UpstreamTestContext.ConfigFor(upstream);
        return config with { Retry = change(config.Retry) };
    }

    [Fact]
    public async Task SendAsync_ListedStatus_RetriedUpToMaxRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(503, "{}", ct);
        await using var context = UpstreamTestContext.Create(WithRetry(stub.BaseUri, r => r with { MaxRetry = 4, RetryStatusCodes = [503] }));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.ServerError, result.Failure?.Kind);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(4, result.Attempts);
        Assert.Equal(RetryStopReason.AttemptsExhausted, result.StopReason);
        Assert.Equal(4, stub.Count);
    }

    [Fact]
    public async Task SendAsync_UnlistedStatus_NotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(502, "{}", ct);
        await using var context = UpstreamTestContext.Create(WithRetry(stub.BaseUri, r => r with { RetryStatusCodes = [503] }));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.ServerError, result.Failure?.Kind);
        Assert.Equal(RetryStopReason.NotRetryable, result.StopReason);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_ListedStatusThenOk_ReturnsOkBody()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(
            (c, n) => n < 3 ? StubServer.Respond(c, 403, "{}") : StubServer.Respond(c, 200, """{"ok":true}"""), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Attempts);
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal("application/json", result.ContentType);
    }

    [Fact]
    public async Task SendAsync_429ExcludedByCaller_NotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(429, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));
        var options = UpstreamCallOptions.Default with { ExcludedRetryStatuses = [429] };

        var result = await context.Client.SendAsync(GrokEndpoints.ConversationsNew, Token, "{}"u8.ToArray(), options, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_429NotExcluded_Retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(429, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Client.SendAsync(GrokEndpoints.UploadFile, Token, "{}"u8.ToArray(), UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task SendAsync_RetryAfterSeconds_WaitsThatLong()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerRecordingTimeProvider();
        await using var stub = await StubServer.StartAsync((c, n) =>
        {
            if (n == 1)
            {
                c.Response.Headers.RetryAfter = "7";
                return StubServer.Respond(c, 429, "{}");
            }

            return StubServer.Respond(c, 200, "{}");
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri), time);

        var call = context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7), ct);
        Assert.False(call.IsCompleted);
        Assert.Equal(1, stub.Count);
        time.Advance(TimeSpan.FromSeconds(7));
        var result = await call.WaitAsync(Bound, ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task SendAsync_RetryAfterHttpDate_WaitsUntilThen()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerRecordingTimeProvider();
        var retryAt = time.GetUtcNow().AddSeconds(12);
        await using var stub = await StubServer.StartAsync((c, n) =>
        {
            if (n == 1)
            {
                c.Response.Headers.RetryAfter = retryAt.ToString("r");
                return StubServer.Respond(c, 503, "{}");
            }

            return StubServer.Respond(c, 200, "{}");
        }, ct);
        await using var context = UpstreamTestContext.Create(WithRetry(stub.BaseUri, r => r with { RetryStatusCodes = [503] }), time);

        var call = context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(12), ct);
        time.Advance(TimeSpan.FromSeconds(12));
        var result = await call.WaitAsync(Bound, ct);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondBudget_Returns429AtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Response.Headers.RetryAfter = "600";
            return StubServer.Respond(c, 429, "{}");
        }, ct);
        await using var context = UpstreamTestContext.Create(WithRetry(stub.BaseUri, r => r with { RetryBudget = 60 }));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(RetryStopReason.RetryAfterBeyondBudget, result.StopReason);
        Assert.Equal(TimeSpan.FromSeconds(600), result.Failure?.RetryAfter);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_BudgetSmallerThanBackoff_StopsEarly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(403, "{}", ct);
        var config = WithRetry(stub.BaseUri, r => r with { MaxRetry = 10, RetryBackoffBase = 2, RetryBackoffMax = 30, RetryBudget = 3 });
        await using var context = UpstreamTestContext.Create(config, new TimerRecordingTimeProvider(), new ScriptedRandom(0.99));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        // The first backoff would be ~3.96 s (uniform up to 2 × 2^1), more than the 3 s budget.
        Assert.Equal(RetryStopReason.BudgetExhausted, result.StopReason);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_CancelledWhileWaitingToRetry_StopsPromptly()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerRecordingTimeProvider();
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Response.Headers.RetryAfter = "30";
            return StubServer.Respond(c, 429, "{}");
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri), time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, cts.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30), ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), ct));
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_CancelledWhileUpstreamHangs_StopsPromptly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(c => Task.Delay(Timeout.Infinite, c.RequestAborted), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, cts.Token);
        while (stub.Count == 0)
        {
            await Task.Delay(10, ct);
        }

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), ct));
    }

    [Fact]
    public async Task SendAsync_NetworkRetriesTurnedOff_ResetNotRetried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(c =>
        {
            c.Abort();
            return Task.CompletedTask;
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));
        var options = UpstreamCallOptions.Default with { RetryNetworkErrors = false };

        var result = await context.Client.SendAsync(GrokEndpoints.ConversationsNew, Token, "{}"u8.ToArray(), options, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.Network, result.Failure?.Kind);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task SendAsync_GzipAnswer_Decoded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            c.Response.ContentType = "application/json";
            await using var gzip = new GZipStream(c.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync("""{"remainingTokens":42}"""u8.ToArray(), c.RequestAborted);
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal("""{"remainingTokens":42}""", Encoding.UTF8.GetString(result.Body.Span));
    }

    [Fact]
    public async Task SendAsync_AnswerLargerThanLimit_ResponseTooLarge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, new string('x', 5000), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));
        var options = UpstreamCallOptions.Default with { MaxBodyBytes = 1024 };

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, options, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.ResponseTooLarge, result.Failure?.Kind);
        Assert.True(result.Body.IsEmpty);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><title>Just a moment...</title>", "text/html", "CloudflareChallenge")]
    [InlineData("""{"error":{"code":7,"message":"Request rejected by anti-bot rules."}}""", "application/json", "AntiBot")]
    [InlineData("denied", "text/plain", "None")]
    public async Task SendAsync_Forbidden_KindFromBody(string body, string contentType, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(c => StubServer.Respond(c, 403, body, contentType), ct);
        await using var context = UpstreamTestContext.Create(WithRetry(stub.BaseUri, r => r with { MaxRetry = 1 }));

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.Forbidden, result.Failure?.Kind);
        Assert.Equal(Enum.Parse<ForbiddenReason>(expected), result.Failure?.Forbidden);
    }

    [Fact]
    public async Task SendAsync_DeleteWithoutBody_JsonContentTypeStillSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        await context.Client.SendAsync(GrokEndpoints.AssetsDelete("a-1"), Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/rest/assets-metadata/a-1", request.PathAndQuery);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(stub.Origin + "/files", request.Header("Referer"));
        Assert.Empty(request.Body);
    }

    [Fact]
    public async Task SendAsync_InsideAnActivity_NoTraceHeadersLeakUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Grok2Api.Proxy.Tests");
        await using var stub = await StubServer.JsonAsync(200, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        using (source.StartActivity("inbound"))
        {
            await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);
        }

        var request = Assert.Single(stub.Requests);
        Assert.Null(request.Header("traceparent"));
        Assert.Null(request.Header("tracestate"));
        Assert.Null(request.Header("Request-Id"));
    }

    [Fact]
    public async Task SendAsync_Attempts_CountedByEndpointAndOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(
            (c, n) => n < 3 ? StubServer.Respond(c, 401, "{}") : StubServer.Respond(c, 200, "{}"), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));
        using var collector = new MetricCollector<long>(
            context.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ProxyTelemetry.Name,
            ProxyTelemetry.UpstreamAttemptsInstrumentName);

        await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        var measurements = collector.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count(m => m.Tags["endpoint"] as string == "rate_limits" && m.Tags["outcome"] as string == "unauthorized"));
        Assert.Equal(1, measurements.Count(m => m.Tags["endpoint"] as string == "rate_limits" && m.Tags["outcome"] as string == "ok"));
    }

    [Fact]
    public async Task SendAsync_FailuresAtDebugLevel_LogsNeverContainTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(
            c => StubServer.Respond(c, 403, $"{{\"error\":\"bad cookie sso={Token}\"}}"), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        var logs = context.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Debug && r.Message.Contains(TokenIdentity.Mask(Token), StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains(TokenIdentity.IdOf(Token), StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains(Token, StringComparison.Ordinal) || (r.Exception?.ToString().Contains(Token, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task SendAsync_UpstreamUrlNotHttp_InvalidRequestNothingSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = new GrokConfig { Upstream = new UpstreamSection { BaseUrl = "not a url" } };
        await using var context = UpstreamTestContext.Create(config);

        var result = await context.Client.SendAsync(GrokEndpoints.RateLimits, Token, null, UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.Configuration, result.Failure?.Kind);
        Assert.Equal(0, result.Attempts);
    }

    [Fact]
    public async Task SendStreamingAsync_Ok_ReturnsBeforeBodyEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var release = new TaskCompletionSource();
        await using var stub = await StubServer.StartAsync(async c =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("{\"result\":1}\n", c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await release.Task.WaitAsync(c.RequestAborted);
            await c.Response.WriteAsync("{\"result\":2}\n", c.RequestAborted);
        }, ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        using var result = await context.Client.SendStreamingAsync(
            GrokEndpoints.ConversationsNew, Token, "{}"u8.ToArray(), UpstreamCallOptions.Default with { ExcludedRetryStatuses = [429] }, ct).WaitAsync(Bound, ct);

        Assert.True(result.Result.IsSuccess);
        var stream = await result.Response!.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        Assert.Equal("{\"result\":1}", await reader.ReadLineAsync(ct).AsTask().WaitAsync(Bound, ct));
        release.SetResult();
        Assert.Equal("{\"result\":2}", await reader.ReadLineAsync(ct).AsTask().WaitAsync(Bound, ct));
    }

    [Fact]
    public async Task SendStreamingAsync_ListedStatusThenOk_Retried()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.StartAsync(
            (c, n) => n == 1 ? StubServer.Respond(c, 403, "{}") : StubServer.Respond(c, 200, "line\n"), ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        using var result = await context.Client.SendStreamingAsync(
            GrokEndpoints.ConversationsNew, Token, "{}"u8.ToArray(), UpstreamCallOptions.Default, ct).WaitAsync(Bound, ct);

        Assert.True(result.Result.IsSuccess);
        Assert.Equal(2, result.Result.Attempts);
        Assert.Equal("line\n", await result.Response!.Content.ReadAsStringAsync(ct));
        var ids = stub.Requests.Select(r => r.Header("x-xai-request-id")).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public async Task SendStreamingAsync_Failure_NoResponseHeld()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stub = await StubServer.JsonAsync(429, "{}", ct);
        await using var context = UpstreamTestContext.Create(UpstreamTestContext.ConfigFor(stub.BaseUri));

        using var result = await context.Client.SendStreamingAsync(
            GrokEndpoints.ConversationsNew, Token, null, UpstreamCallOptions.Default with { ExcludedRetryStatuses = [429] }, ct).WaitAsync(Bound, ct);

        Assert.Equal(UpstreamFailureKind.RateLimited, result.Result.Failure?.Kind);
        Assert.Null(result.Response);
    }
}
