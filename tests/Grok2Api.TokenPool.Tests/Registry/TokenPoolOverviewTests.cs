using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.DependencyInjection;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Registry;

/// <summary>The dashboard's summary of the pool: counts per pool and status, quota left, nsfw, and the attention list.</summary>
public sealed class TokenPoolOverviewTests
{
    [Fact]
    public async Task Summarize_CountsEveryPoolByStatus_QuotaOfActiveTokensOnly()
    {
        await using var pool = await CreateAsync(
            Basic("b-active", quota: 30, tags: "nsfw"),
            Basic("b-active2", quota: 12),
            Basic("b-cooling", quota: 0, status: TokenStatus.Cooling),
            Basic("b-disabled", quota: 50, status: TokenStatus.Disabled, tags: "NSFW"),
            Super("s-expired", quota: 140, status: TokenStatus.Expired),
            Super("s-active", quota: 100, tags: ["vip", "nsfw"]),
            Record("ssoLegacy", "legacy", quota: 5));

        var summary = Overview(pool).Summarize(50);

        Assert.Equal(
            [
                new PoolCounts(TokenPools.Basic, 4, 2, 1, 0, 1, 42),
                new PoolCounts(TokenPools.Super, 2, 1, 0, 1, 0, 100),
                new PoolCounts("ssoLegacy", 1, 1, 0, 0, 0, 5),
            ],
            summary.Pools);
        Assert.Equal(3, summary.Nsfw);
        Assert.Equal(2, summary.AttentionTotal);
    }

    [Fact]
    public async Task Summarize_EmptyPool_ListsBothKnownPoolsWithZeros()
    {
        await using var pool = await CreateAsync();

        var summary = Overview(pool).Summarize(50);

        Assert.Equal([new PoolCounts(TokenPools.Basic, 0, 0, 0, 0, 0, 0), new PoolCounts(TokenPools.Super, 0, 0, 0, 0, 0, 0)], summary.Pools);
        Assert.Equal((0, 0), (summary.Nsfw, summary.AttentionTotal));
        Assert.Empty(summary.Attention);
    }

    [Fact]
    public async Task Summarize_Attention_ExpiredThenFailingThenCooling_LatestFailureFirst_DisabledNever()
    {
        var now = StartMs;
        var hour = (long)TokenAttentionRule.RecentFailure.TotalMilliseconds;
        await using var seeded = await CreateAsync(
            With(Basic("expired-old", status: TokenStatus.Expired), failCount: 5, lastFailAt: now - 5_000),
            With(Basic("expired-new", status: TokenStatus.Expired), failCount: 5, lastFailAt: now - 1_000),
            With(Basic("rejected"), failCount: 1, lastFailAt: now - (10 * hour)),
            With(Basic("forbidden-recent"), failCount: 0, lastFailAt: now - 60_000),
            With(Basic("served-since"), failCount: 0, lastFailAt: now - 60_000, lastUsedAt: now - 30_000),
            With(Basic("forbidden-old"), failCount: 0, lastFailAt: now - hour - 1),
            Basic("cooling", quota: 0, status: TokenStatus.Cooling),
            With(Basic("disabled", status: TokenStatus.Disabled), failCount: 3, lastFailAt: now - 1_000),
            Basic("healthy"));

        var summary = Overview(seeded).Summarize(50);

        Assert.Equal(5, summary.AttentionTotal);
        Assert.Equal(
            [
                ("expired-new", AttentionReason.Expired),
                ("expired-old", AttentionReason.Expired),
                ("forbidden-recent", AttentionReason.Failing),
                ("rejected", AttentionReason.Failing),
                ("cooling", AttentionReason.Cooling),
            ],
            summary.Attention.Select(a => (Token(a), a.Reason)));
        var first = summary.Attention[0];
        Assert.Equal((TokenIdentity.Mask("expired-new"), TokenPools.Basic, TokenStatus.Expired, 5, now - 1_000, "auth"), (first.TokenMasked, first.Pool, first.Status, first.FailCount, first.LastFailAt, first.LastFailReason));
    }

    [Fact]
    public async Task Summarize_ManyNeedingAttention_KeepsTheMostUrgentUpToTheLimit_AndCountsAll()
    {
        var tokens = Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? Basic($"cool-{i:D3}", quota: 0, status: TokenStatus.Cooling)
            : With(Basic($"exp-{i:D3}", status: TokenStatus.Expired), failCount: 5, lastFailAt: StartMs - i));
        await using var pool = await CreateAsync([.. tokens]);

        var summary = Overview(pool).Summarize(50);
        var none = Overview(pool).Summarize(0);

        Assert.Equal(200, summary.AttentionTotal);
        Assert.Equal(50, summary.Attention.Count);
        Assert.All(summary.Attention, a => Assert.Equal(AttentionReason.Expired, a.Reason));

        // The 50 expired tokens that failed last: i = 1, 3, ..., 99.
        Assert.Equal(Enumerable.Range(0, 50).Select(k => $"exp-{(2 * k) + 1:D3}"), summary.Attention.Select(Token));
        Assert.Equal(200, none.AttentionTotal);
        Assert.Empty(none.Attention);
    }

    [Theory]
    [InlineData(0, null, null, false)]
    [InlineData(1, null, null, true)]
    [InlineData(0, -60_000L, null, true)]
    [InlineData(0, -60_000L, -120_000L, true)]
    [InlineData(0, -60_000L, -30_000L, false)]
    [InlineData(0, -3_600_000L, null, true)]
    [InlineData(0, -3_600_001L, null, false)]
    [InlineData(2, -9_000_000L, -1_000L, true)]
    public void IsFailing_ByCounters(int failCount, long? lastFailAgo, long? lastUsedAgo, bool failing)
    {
        const long Now = 1_800_000_000_000;
        Assert.Equal(failing, TokenAttentionRule.IsFailing(failCount, Now + lastFailAgo, Now + lastUsedAgo, Now));
    }

    private static ITokenPoolOverview Overview(PoolHarness pool) => pool.Services.GetRequiredService<ITokenPoolOverview>();

    private static PooledToken With(PooledToken record, int failCount, long lastFailAt, long? lastUsedAt = null) =>
        record with { Token = record.Token with { FailCount = failCount, LastFailAt = lastFailAt, LastFailReason = "auth", LastUsedAt = lastUsedAt } };

    private static readonly string[] Names =
        [.. new[] { "expired-old", "expired-new", "rejected", "forbidden-recent", "served-since", "forbidden-old", "cooling", "disabled", "healthy" },
         .. Enumerable.Range(0, 200).Select(i => $"cool-{i:D3}"), .. Enumerable.Range(0, 200).Select(i => $"exp-{i:D3}")];

    private static string Token(TokenAttention attention) => Names.Single(n => TokenIdentity.IdOf(n) == attention.Id);
}
