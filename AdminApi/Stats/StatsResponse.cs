namespace Grok2Api.AdminApi.Stats;

/// <summary>The answer of <c>GET /v1/admin/stats</c>: the dashboard's numbers.</summary>
/// <param name="Tokens">The pool.</param>
/// <param name="Calls">Calls and failures over the last hour and day.</param>
/// <param name="Models">The same per model.</param>
/// <param name="Series">24 hourly buckets, oldest first, for the chart.</param>
/// <param name="Attention">Tokens needing attention.</param>
public sealed record StatsResponse(
    TokenStatsView Tokens, CallWindows Calls, IReadOnlyList<ModelCalls> Models, IReadOnlyList<CallBucket> Series, AttentionView Attention);

/// <summary>The pool's counts.</summary>
/// <param name="Total">Every token.</param>
/// <param name="ByStatus">Every token by status.</param>
/// <param name="ByPool">Each pool by status, with the quota its active tokens have left.</param>
/// <param name="QuotaLeft">The quota of every active token.</param>
/// <param name="Nsfw">Tokens tagged <c>nsfw</c>.</param>
public sealed record TokenStatsView(int Total, StatusCounts ByStatus, IReadOnlyList<PoolStatsView> ByPool, long QuotaLeft, int Nsfw);

/// <summary>Tokens by status.</summary>
/// <param name="Active">Active.</param>
/// <param name="Cooling">Cooling.</param>
/// <param name="Expired">Expired.</param>
/// <param name="Disabled">Disabled.</param>
public sealed record StatusCounts(int Active, int Cooling, int Expired, int Disabled);

/// <summary>One pool.</summary>
/// <param name="Pool">The pool name.</param>
/// <param name="Total">Every token of the pool.</param>
/// <param name="Active">Active.</param>
/// <param name="Cooling">Cooling.</param>
/// <param name="Expired">Expired.</param>
/// <param name="Disabled">Disabled.</param>
/// <param name="Quota">The quota the pool's active tokens have left.</param>
public sealed record PoolStatsView(string Pool, int Total, int Active, int Cooling, int Expired, int Disabled, long Quota);

/// <summary>Calls over the two windows.</summary>
/// <param name="Hour">The last 60 minutes.</param>
/// <param name="Day">The last 24 hours.</param>
public sealed record CallWindows(CallCounts Hour, CallCounts Day);

/// <summary>Tokens needing attention.</summary>
/// <param name="Total">How many there are.</param>
/// <param name="Items">The most urgent of them, at most 50.</param>
public sealed record AttentionView(int Total, IReadOnlyList<AttentionItemView> Items);

/// <summary>One token needing attention: never the token, only its id and mask.</summary>
/// <param name="Id">The public id.</param>
/// <param name="TokenMasked">The mask.</param>
/// <param name="Pool">The pool.</param>
/// <param name="Status">The status (lower-case).</param>
/// <param name="Reason"><c>expired</c>, <c>failing</c> or <c>cooling</c>.</param>
/// <param name="FailCount">Consecutive credential rejections.</param>
/// <param name="LastFailAt">When it last failed (ms since the epoch).</param>
/// <param name="LastFailReason">Why it last failed.</param>
public sealed record AttentionItemView(
    string Id, string TokenMasked, string Pool, string Status, string Reason, int FailCount, long? LastFailAt, string? LastFailReason);
