using Grok2Api.AdminApi.Auth;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.AdminApi.Stats;

/// <summary>
/// <c>GET /v1/admin/stats</c>: the pool from one pass over it (<see cref="ITokenPoolOverview"/>) and
/// the calls from the host's own request metrics (<see cref="ICallStatistics"/>); docs/adr/0011.
/// </summary>
internal static class StatsApi
{
    /// <summary>How many tokens needing attention the answer lists at most.</summary>
    public const int MaxAttentionItems = 50;

    public static void MapStatsApi(this RouteGroupBuilder group) =>
        group.MapGet("/stats", Get).AddEndpointFilter<AdminAuthFilter>();

    private static Ok<StatsResponse> Get([FromServices] ITokenPoolOverview pool, [FromServices] ICallStatistics calls)
    {
        var summary = pool.Summarize(MaxAttentionItems);
        var call = calls.Snapshot();
        return TypedResults.Ok(new StatsResponse(
            TokensOf(summary),
            new CallWindows(call.Hour, call.Day),
            call.Models,
            call.Series,
            new AttentionView(summary.AttentionTotal, [.. summary.Attention.Select(ViewOf)])));
    }

    private static TokenStatsView TokensOf(TokenPoolSummary summary)
    {
        var pools = summary.Pools;
        return new TokenStatsView(
            pools.Sum(p => p.Total),
            new StatusCounts(pools.Sum(p => p.Active), pools.Sum(p => p.Cooling), pools.Sum(p => p.Expired), pools.Sum(p => p.Disabled)),
            [.. pools.Select(p => new PoolStatsView(p.Pool, p.Total, p.Active, p.Cooling, p.Expired, p.Disabled, p.QuotaLeft))],
            pools.Sum(p => p.QuotaLeft),
            summary.Nsfw);
    }

    private static AttentionItemView ViewOf(TokenAttention token) => new(
        token.Id,
        token.TokenMasked,
        token.Pool,
        TokenStatusNames.Of(token.Status),
        ReasonName(token.Reason),
        token.FailCount,
        token.LastFailAt,
        token.LastFailReason);

    private static string ReasonName(AttentionReason reason) => reason switch
    {
        AttentionReason.Expired => "expired",
        AttentionReason.Failing => "failing",
        _ => "cooling",
    };
}
