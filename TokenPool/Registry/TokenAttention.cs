using Grok2Api.Storage.Tokens;

namespace Grok2Api.TokenPool.Registry;

/// <summary>Why a token needs an operator's look (<see cref="TokenAttentionRule"/>), most urgent first.</summary>
public enum AttentionReason
{
    /// <summary>The credential was rejected <c>token.fail_threshold</c> times in a row: it serves nothing until replaced or refreshed.</summary>
    Expired,

    /// <summary>Active, but its last calls failed (<see cref="TokenAttentionRule.IsFailing"/>).</summary>
    Failing,

    /// <summary>Rate limited or out of quota; comes back by itself at a re-sync.</summary>
    Cooling,
}

/// <summary>A token needing attention: its public id and mask (never the token), and why.</summary>
/// <param name="Id">The public id.</param>
/// <param name="TokenMasked">The mask.</param>
/// <param name="Pool">The pool.</param>
/// <param name="Status">The status.</param>
/// <param name="Reason">Why it is listed.</param>
/// <param name="FailCount">Consecutive credential rejections.</param>
/// <param name="LastFailAt">When it last failed (ms since the epoch).</param>
/// <param name="LastFailReason">Why it last failed.</param>
public sealed record TokenAttention(
    string Id, string TokenMasked, string Pool, TokenStatus Status, AttentionReason Reason, int FailCount, long? LastFailAt, string? LastFailReason);
