using System.Text.Json;
using Grok2Api.Configuration;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.Conversations;
using static Grok2Api.Proxy.Tests.Pipeline.PipelineHarness;

namespace Grok2Api.Proxy.Tests.Pipeline;

public sealed class UpstreamPipelineTests
{
    private static readonly UpstreamFailure RateLimited = UpstreamFailure.FromStatus(429);
    private static readonly UpstreamFailure BadGateway = UpstreamFailure.FromStatus(502);

    [Fact]
    public async Task RunAsync_FailureBeforeCommit_NextAccountAnswers_AndEachLeaseIsCompletedWithItsOutcome()
    {
        await using var harness = await StartAsync(accounts: 3);
        var exchange = new ScriptedExchange(ScriptedExchange.Fails(RateLimited), ScriptedExchange.Answer("Hello there"));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true));

        Assert.Equal(PipelineStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(2, exchange.Tokens.Distinct().Count());
        Assert.Equal([LeaseOutcome.RateLimited, LeaseOutcome.Success], harness.Selector.Outcomes);
        Assert.Equal(harness.Selector.Leased[1], outcome.TokenId);
        var body = Body(context);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith("text/event-stream", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Hello there", Deltas(body));
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StreamFailsAfterItBegan_OneErrorEventAndDone_NoOtherAccount()
    {
        await using var harness = await StartAsync(accounts: 3);
        var exchange = new ScriptedExchange(ScriptedExchange.FailsAfter("Partial", BadGateway), ScriptedExchange.Answer("never"));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true));

        Assert.Equal(PipelineStatus.FailedAfterCommit, outcome.Status);
        Assert.Equal(UpstreamFailureKind.ServerError, outcome.Failure!.Kind);
        Assert.Single(exchange.Tokens);
        Assert.Equal([LeaseOutcome.TransientFailure], harness.Selector.Outcomes);
        var body = Body(context);
        Assert.Equal("Partial", Deltas(body));
        Assert.Contains("\"code\":\"upstream_error\"", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WholeAnswerFailsMidway_NothingWasSent_NextAccountAnswersWhole()
    {
        await using var harness = await StartAsync(accounts: 3);
        var exchange = new ScriptedExchange(ScriptedExchange.FailsAfter("Partial", BadGateway), ScriptedExchange.Answer("Complete answer"));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: false));

        Assert.Equal(PipelineStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.Attempts);
        using var json = JsonDocument.Parse(Body(context));
        Assert.Equal("Complete answer", json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryAccountFails_ClientGetsTheLastFailureAsOpenAiError_WithinMaxRetry()
    {
        await using var harness = await StartAsync(accounts: 5);
        var exchange = new ScriptedExchange(ScriptedExchange.Fails(BadGateway));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true));

        Assert.Equal(PipelineStatus.Failed, outcome.Status);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal(3, exchange.Tokens.Distinct().Count());
        Assert.Equal(502, context.Response.StatusCode);
        using var json = JsonDocument.Parse(Body(context));
        Assert.Equal("upstream_error", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task RunAsync_NoAccount_429WithRetryAfter_AndNothingRuns()
    {
        await using var harness = await StartAsync(accounts: 0);
        var exchange = new ScriptedExchange(ScriptedExchange.Answer("never"));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true));

        Assert.Equal(PipelineStatus.Failed, outcome.Status);
        Assert.Equal(UpstreamFailureKind.NoAccount, outcome.Failure!.Kind);
        Assert.Empty(exchange.Tokens);
        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task RunAsync_ServerSideFailures_WaitABackoff_AccountFailuresDoNot()
    {
        var retry = new RetrySection { MaxRetry = 3, RetryBackoffBase = 0.2, RetryBackoffFactor = 1, RetryBackoffMax = 0.2, RetryBudget = 10 };
        // Six accounts: the first run leaves three of them cooling.
        await using var harness = await StartAsync(accounts: 6, retry);
        var started = new List<DateTimeOffset>();
        Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> Record(UpstreamFailure failure) => attempt =>
        {
            started.Add(TimeProvider.System.GetUtcNow());
            return ValueTask.FromResult<UpstreamFailure?>(failure);
        };

        await harness.Pipeline.RunAsync(Context(), Plan(new ScriptedExchange(Record(RateLimited), Record(RateLimited), Record(RateLimited)), stream: true));
        var accountGaps = started.Zip(started.Skip(1), (a, b) => b - a).ToList();
        started.Clear();
        await harness.Pipeline.RunAsync(Context(), Plan(new ScriptedExchange(Record(BadGateway), Record(BadGateway), Record(BadGateway)), stream: true));
        var serverGaps = started.Zip(started.Skip(1), (a, b) => b - a).ToList();

        Assert.All(accountGaps, gap => Assert.True(gap < TimeSpan.FromMilliseconds(150), $"switched after {gap.TotalMilliseconds} ms"));
        Assert.Equal(2, serverGaps.Count);
        Assert.True(serverGaps.Sum(g => g.TotalMilliseconds) > 0, "a server failure waits a (jittered) backoff");
        Assert.All(serverGaps, gap => Assert.True(gap < TimeSpan.FromSeconds(2), $"backoff above retry_backoff_max: {gap.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task RunAsync_RetryBudgetSpent_StopsBeforeMaxRetry()
    {
        var retry = new RetrySection { MaxRetry = 10, RetryBackoffBase = 5, RetryBackoffFactor = 1, RetryBackoffMax = 5, RetryBudget = 0 };
        await using var harness = await StartAsync(accounts: 10, retry);
        var exchange = new ScriptedExchange(ScriptedExchange.Fails(UpstreamFailure.FromStatus(503, TimeSpan.FromSeconds(1))));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true));

        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(503, context.Response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_AnswerDoesNotStartOrStalls_TimerEndsTheAttempt(bool afterFirstData)
    {
        await using var harness = await StartAsync(accounts: 1);
        var exchange = new ScriptedExchange(ScriptedExchange.Silent(afterFirstData));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true, start: TimeSpan.FromMilliseconds(100), silence: TimeSpan.FromMilliseconds(150)))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(afterFirstData ? UpstreamFailureKind.Stalled : UpstreamFailureKind.Timeout, outcome.Failure!.Kind);
        Assert.Equal(504, context.Response.StatusCode);
        Assert.Equal([LeaseOutcome.TransientFailure], harness.Selector.Outcomes);
    }

    [Fact]
    public async Task RunAsync_ClientLeaves_AttemptCancelled_LeaseCompletedAsAbort()
    {
        await using var harness = await StartAsync(accounts: 2);
        using var client = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var exchange = new ScriptedExchange(ScriptedExchange.Silent());
        var context = ContextAbortedBy(client.Token);

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: true))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(PipelineStatus.ClientAborted, outcome.Status);
        Assert.Single(exchange.Tokens);
        Assert.Equal([LeaseOutcome.ClientAbort], harness.Selector.Outcomes);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task RunAsync_ExchangeThrows_BrokenConnectionIsNetworkFailure_BugIsStreamError_BothMoveOn()
    {
        await using var harness = await StartAsync(accounts: 3);
        var exchange = new ScriptedExchange(
            ScriptedExchange.Throws(new IOException("reset")),
            ScriptedExchange.Throws(new InvalidOperationException("a bug")),
            ScriptedExchange.Answer("fine"));
        var context = Context();

        var outcome = await harness.Pipeline.RunAsync(context, Plan(exchange, stream: false));

        Assert.Equal(PipelineStatus.Succeeded, outcome.Status);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal([LeaseOutcome.TransientFailure, LeaseOutcome.TransientFailure, LeaseOutcome.Success], harness.Selector.Outcomes);
    }

    [Fact]
    public async Task RunAsync_ExchangeOfSeveralSteps_UsesOneAccountForAllOfThem()
    {
        await using var harness = await StartAsync(accounts: 3);
        var seen = new List<string>();
        var exchange = new ScriptedExchange(async attempt =>
        {
            // upload, post, conversation, and a follow-up call after the answer: one lease throughout.
            seen.Add(attempt.Lease.TokenId);
            await Task.Yield();
            seen.Add(attempt.Lease.TokenId);
            var result = await ScriptedExchange.Answer("done")(attempt);
            seen.Add(attempt.Lease.TokenId);
            return result;
        });

        var outcome = await harness.Pipeline.RunAsync(Context(), Plan(exchange, stream: true));

        Assert.Equal(PipelineStatus.Succeeded, outcome.Status);
        Assert.Single(seen.Distinct());
        Assert.Equal([LeaseOutcome.Success], harness.Selector.Outcomes);
    }

    private static string Deltas(string sse)
    {
        var text = new System.Text.StringBuilder();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var data = block["data: ".Length..];
            if (data == "[DONE]")
            {
                continue;
            }

            using var json = JsonDocument.Parse(data);
            if (json.RootElement.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
            }
        }

        return text.ToString();
    }
}
