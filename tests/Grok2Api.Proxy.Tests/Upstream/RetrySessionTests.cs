using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class RetrySessionTests
{
    private static readonly RetrySection Defaults = new()
    {
        MaxRetry = 3, RetryStatusCodes = [401, 429, 403], RetryBackoffBase = 0.5, RetryBackoffFactor = 2, RetryBackoffMax = 30, RetryBudget = 90,
    };

    private static RetrySession Session(RetrySection? settings = null, IUpstreamRandom? random = null, params int[] excluded) =>
        new UpstreamRetryPolicy(random ?? new ScriptedRandom(0.5)).Begin(settings ?? Defaults, excluded);

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(400)]
    public void Next_StatusNotListed_Stops(int status)
    {
        var decision = Session().Next(status, null);

        Assert.False(decision.ShouldRetry);
        Assert.Equal(RetryStopReason.NotRetryable, decision.StopReason);
    }

    [Fact]
    public void Next_MaxRetryThree_ThreeTotalAttempts()
    {
        var session = Session();

        Assert.True(session.Next(401, null).ShouldRetry);
        Assert.True(session.Next(401, null).ShouldRetry);
        var third = session.Next(401, null);

        Assert.False(third.ShouldRetry);
        Assert.Equal(RetryStopReason.AttemptsExhausted, third.StopReason);
        Assert.Equal(3, session.Attempts);
    }

    [Fact]
    public void Next_MaxRetryOne_NoRetry()
    {
        var decision = Session(Defaults with { MaxRetry = 1 }).Next(403, null);

        Assert.Equal(RetryStopReason.AttemptsExhausted, decision.StopReason);
    }

    [Fact]
    public void Next_OtherStatus_FullJitterOverBaseTimesFactorPowAttempt()
    {
        var session = Session(random: new ScriptedRandom(0.5, 0.25));

        var first = session.Next(403, null);
        var second = session.Next(403, null);

        // uniform(0, min(0.5 × 2^1, 30)) and uniform(0, min(0.5 × 2^2, 30)).
        Assert.Equal(TimeSpan.FromSeconds(0.5), first.Delay);
        Assert.Equal(TimeSpan.FromSeconds(0.5), second.Delay);
        Assert.Equal(TimeSpan.FromSeconds(1), session.TotalDelay);
    }

    [Fact]
    public void Next_FullJitter_CappedAtBackoffMax()
    {
        var settings = Defaults with { RetryBackoffBase = 10, RetryBackoffMax = 4, MaxRetry = 5 };
        var session = Session(settings, new ScriptedRandom(0.999));

        var decision = session.Next(401, null);

        Assert.True(decision.Delay <= TimeSpan.FromSeconds(4));
        Assert.True(decision.Delay > TimeSpan.FromSeconds(3.9));
    }

    [Fact]
    public void Next_RateLimited_DecorrelatedJitterFromBaseToThreeTimesPrevious()
    {
        var session = Session(random: new ScriptedRandom(0.5, 0.5, 0));

        var first = session.Next(429, null);
        var second = session.Next(429, null);

        // uniform(0.5, 3 × 0.5) → 1.0; then uniform(0.5, 3 × 1.0) → 1.75.
        Assert.Equal(TimeSpan.FromSeconds(1), first.Delay);
        Assert.Equal(TimeSpan.FromSeconds(1.75), second.Delay);
    }

    [Fact]
    public void Next_RateLimitedJitter_CappedAtBackoffMax()
    {
        var settings = Defaults with { RetryBackoffBase = 2, RetryBackoffMax = 3 };
        var decision = Session(settings, new ScriptedRandom(0.99)).Next(429, null);

        Assert.Equal(TimeSpan.FromSeconds(3), decision.Delay);
    }

    [Fact]
    public void Next_RetryAfter_HonouredInsteadOfJitter()
    {
        var decision = Session().Next(429, TimeSpan.FromSeconds(7));

        Assert.True(decision.ShouldRetry);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.Delay);
    }

    [Fact]
    public void Next_RetryAfterAboveBackoffMax_CappedAtMax()
    {
        var decision = Session(Defaults with { RetryBudget = 200 }).Next(429, TimeSpan.FromSeconds(100));

        Assert.Equal(TimeSpan.FromSeconds(30), decision.Delay);
    }

    [Fact]
    public void Next_RetryAfterBeyondRemainingBudget_StopsSoCallerCanSwitchTokens()
    {
        var decision = Session(Defaults with { RetryBudget = 5 }).Next(429, TimeSpan.FromSeconds(6));

        Assert.False(decision.ShouldRetry);
        Assert.Equal(RetryStopReason.RetryAfterBeyondBudget, decision.StopReason);
    }

    [Fact]
    public void Next_ManyAttempts_TotalDelayNeverExceedsBudget()
    {
        var settings = Defaults with { MaxRetry = 100, RetryBackoffBase = 1, RetryBackoffMax = 30, RetryBudget = 10 };
        var session = Session(settings, new ScriptedRandom(0.9));

        RetryDecision decision;
        do
        {
            decision = session.Next(403, null);
        }
        while (decision.ShouldRetry);

        Assert.Equal(RetryStopReason.BudgetExhausted, decision.StopReason);
        Assert.True(session.TotalDelay <= TimeSpan.FromSeconds(10));
        Assert.True(session.Attempts < 100);
    }

    [Fact]
    public void Next_ExcludedStatus_NotRetried()
    {
        var session = Session(null, null, 429);

        Assert.False(session.IsRetryable(429));
        Assert.Equal(RetryStopReason.NotRetryable, session.Next(429, null).StopReason);
        Assert.True(session.IsRetryable(401));
    }

    [Fact]
    public void Next_NetworkError_RetriedWithBackoff()
    {
        var session = Session(random: new ScriptedRandom(0.5));

        var decision = session.Next(null, null);

        Assert.True(decision.ShouldRetry);
        Assert.Equal(TimeSpan.FromSeconds(0.5), decision.Delay);
    }

    [Fact]
    public void NextAccount_FailureOfTheAccount_NextAccountAtOnce()
    {
        var session = Session();

        var decision = session.NextAccount(UpstreamFailure.FromStatus(429, TimeSpan.FromSeconds(20)));

        Assert.True(decision.ShouldRetry);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
        Assert.Equal(TimeSpan.Zero, session.TotalDelay);
    }

    [Fact]
    public void NextAccount_ContentBlocked_NoOtherAccountIsTried()
    {
        var session = Session();

        var decision = session.NextAccount(new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "moderated"));

        Assert.False(decision.ShouldRetry);
        Assert.Equal(RetryStopReason.NotRetryable, decision.StopReason);
    }

    [Fact]
    public void NextAccount_FailureOnTheUpstreamsSide_FullJitterBackoff()
    {
        var session = Session(random: new ScriptedRandom(0.5));

        var decision = session.NextAccount(UpstreamFailure.FromStatus(502));

        // uniform(0, min(0.5 × 2^1, 30)), as for the same account.
        Assert.Equal(TimeSpan.FromSeconds(0.5), decision.Delay);
    }

    [Fact]
    public void NextAccount_AnyStatus_MaxRetryBoundsTheAccounts()
    {
        var session = Session();

        Assert.True(session.NextAccount(UpstreamFailure.FromStatus(404)).ShouldRetry);
        Assert.True(session.NextAccount(new UpstreamFailure(UpstreamFailureKind.Timeout, "slow")).ShouldRetry);
        Assert.Equal(RetryStopReason.AttemptsExhausted, session.NextAccount(UpstreamFailure.FromStatus(500)).StopReason);
    }

    [Fact]
    public void NextAccount_BackoffBeyondBudget_Stops()
    {
        var session = Session(Defaults with { RetryBudget = 0.1 }, new ScriptedRandom(0.9));

        Assert.Equal(RetryStopReason.BudgetExhausted, session.NextAccount(new UpstreamFailure(UpstreamFailureKind.Network, "reset")).StopReason);
    }

    [Theory]
    [InlineData(UpstreamFailureKind.Timeout)]
    [InlineData(UpstreamFailureKind.ResponseTooLarge)]
    [InlineData(UpstreamFailureKind.Configuration)]
    public void Next_SameAccount_FailuresRepeatingCannotFix_Stop(UpstreamFailureKind kind)
    {
        Assert.Equal(RetryStopReason.NotRetryable, Session().Next(new UpstreamFailure(kind, "x")).StopReason);
    }

    [Fact]
    public void Next_SameAccount_NetworkRetriedUnlessTheCallerSaysNo()
    {
        var reset = new UpstreamFailure(UpstreamFailureKind.Network, "reset");

        Assert.True(Session().Next(reset).ShouldRetry);
        Assert.Equal(RetryStopReason.NotRetryable, Session().Next(reset, retryNetworkErrors: false).StopReason);
    }
}
