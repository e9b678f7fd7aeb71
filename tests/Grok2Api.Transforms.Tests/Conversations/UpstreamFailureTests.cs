using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi;

namespace Grok2Api.Transforms.Tests.Conversations;

public sealed class UpstreamFailureTests
{
    [Theory]
    [InlineData(401, UpstreamFailureKind.Unauthorized)]
    [InlineData(403, UpstreamFailureKind.Forbidden)]
    [InlineData(429, UpstreamFailureKind.RateLimited)]
    [InlineData(500, UpstreamFailureKind.ServerError)]
    [InlineData(503, UpstreamFailureKind.ServerError)]
    [InlineData(404, UpstreamFailureKind.UnexpectedStatus)]
    [InlineData(302, UpstreamFailureKind.UnexpectedStatus)]
    public void FromStatus_ClassifiesEachStatusOnce(int status, UpstreamFailureKind kind)
    {
        var failure = UpstreamFailure.FromStatus(status, TimeSpan.FromSeconds(3));

        Assert.Equal(kind, failure.Kind);
        Assert.Equal(status, failure.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.RetryAfter);
    }

    [Theory]
    [InlineData(ForbiddenReason.CloudflareChallenge, "403, a Cloudflare challenge")]
    [InlineData(ForbiddenReason.AntiBot, "403, an anti-bot rejection")]
    [InlineData(ForbiddenReason.None, "HTTP 403")]
    public void FromStatus_Forbidden_DetailSaysWhatTheRefusalLookedLike(ForbiddenReason reason, string detail)
    {
        var failure = UpstreamFailure.FromStatus(403, null, reason);

        Assert.Equal(detail, failure.Detail);
        Assert.Equal(reason, failure.Forbidden);
    }

    [Theory]
    [InlineData(UpstreamFailureKind.ServerError, true)]
    [InlineData(UpstreamFailureKind.UnexpectedStatus, true)]
    [InlineData(UpstreamFailureKind.Network, true)]
    [InlineData(UpstreamFailureKind.EmptyAnswer, true)]
    [InlineData(UpstreamFailureKind.RateLimited, false)]
    [InlineData(UpstreamFailureKind.Unauthorized, false)]
    [InlineData(UpstreamFailureKind.Forbidden, false)]
    [InlineData(UpstreamFailureKind.Timeout, false)]
    [InlineData(UpstreamFailureKind.Stalled, false)]
    [InlineData(UpstreamFailureKind.StreamError, false)]
    public void WantsBackoff_OnlyForFailuresOnTheUpstreamsSide(UpstreamFailureKind kind, bool wants)
    {
        Assert.Equal(wants, new UpstreamFailure(kind, "x").WantsBackoff);
    }

    [Fact]
    public void Tag_EveryKindHasItsOwnSnakeCaseName()
    {
        var tags = Enum.GetValues<UpstreamFailureKind>().Select(UpstreamFailure.TagOf).ToList();

        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.All(tags, t => Assert.Matches("^[a-z_]+$", t));
        Assert.Equal("rate_limited", UpstreamFailure.TagOf(UpstreamFailureKind.RateLimited));
    }

    [Theory]
    [InlineData(GrokStreamErrorKind.UsageLimit, UpstreamFailureKind.RateLimited)]
    [InlineData(GrokStreamErrorKind.AntiBot, UpstreamFailureKind.Forbidden)]
    [InlineData(GrokStreamErrorKind.Upstream, UpstreamFailureKind.StreamError)]
    [InlineData(GrokStreamErrorKind.Model, UpstreamFailureKind.StreamError)]
    [InlineData(GrokStreamErrorKind.Stream, UpstreamFailureKind.StreamError)]
    public void StreamErrorLine_ToFailure(GrokStreamErrorKind line, UpstreamFailureKind kind)
    {
        var failure = new GrokStreamError(line, "Upstream error (x): y").ToFailure();

        Assert.Equal(kind, failure.Kind);
        Assert.Equal(200, failure.Status);
        Assert.Equal(line == GrokStreamErrorKind.AntiBot ? ForbiddenReason.AntiBot : ForbiddenReason.None, failure.Forbidden);
    }

    [Theory]
    [InlineData(UpstreamFailureKind.NoAccount, null, 429, "rate_limit_exceeded")]
    [InlineData(UpstreamFailureKind.RateLimited, 429, 429, "rate_limit_exceeded")]
    [InlineData(UpstreamFailureKind.Unauthorized, 401, 502, "upstream_unauthorized")]
    [InlineData(UpstreamFailureKind.Forbidden, 403, 502, "upstream_forbidden")]
    [InlineData(UpstreamFailureKind.ServerError, 503, 503, "upstream_unavailable")]
    [InlineData(UpstreamFailureKind.ServerError, 500, 502, "upstream_error")]
    [InlineData(UpstreamFailureKind.UnexpectedStatus, 404, 502, "upstream_error")]
    [InlineData(UpstreamFailureKind.Network, null, 502, "upstream_unreachable")]
    [InlineData(UpstreamFailureKind.Timeout, null, 504, "upstream_timeout")]
    [InlineData(UpstreamFailureKind.Stalled, 200, 504, "upstream_timeout")]
    [InlineData(UpstreamFailureKind.StreamError, 200, 502, "upstream_error")]
    [InlineData(UpstreamFailureKind.EmptyAnswer, 200, 502, "upstream_empty_answer")]
    [InlineData(UpstreamFailureKind.Configuration, null, 502, "gateway_configuration")]
    public void OpenAiFailure_EachKindHasItsStatusAndCode(UpstreamFailureKind kind, int? upstreamStatus, int status, string code)
    {
        var answer = OpenAiFailure.From(new UpstreamFailure(kind, "detail") { Status = upstreamStatus }, "grok-4");

        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Error.Code);
        Assert.Equal(status == 429 ? "5" : null, answer.RetryAfter);
        Assert.Equal(status >= 500 ? OpenAiErrorTypes.Server : OpenAiErrorTypes.RateLimit, answer.Error.Type);
    }

    [Fact]
    public void OpenAiFailure_ContentBlocked_IsAClientErrorNamingThePolicy()
    {
        var answer = OpenAiFailure.From(new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "the prompt was blocked"), "grok-imagine-1.0");

        Assert.Equal(400, answer.Status);
        Assert.Equal("content_policy_violation", answer.Error.Code);
        Assert.Equal(OpenAiErrorTypes.InvalidRequest, answer.Error.Type);
        Assert.Contains("the prompt was blocked", answer.Error.Message, StringComparison.Ordinal);
        Assert.Null(answer.RetryAfter);
    }

    [Fact]
    public void OpenAiFailure_RateLimited_RetryAfterRoundsUpTheUpstreamsWait()
    {
        var answer = OpenAiFailure.From(UpstreamFailure.FromStatus(429, TimeSpan.FromSeconds(2.1)), "grok-4");

        Assert.Equal("3", answer.RetryAfter);
    }
}
