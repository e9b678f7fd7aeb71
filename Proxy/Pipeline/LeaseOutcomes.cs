namespace Grok2Api.Proxy.Pipeline;

/// <summary>What the token pool records for an attempt: the one mapping of the failure vocabulary to lease outcomes.</summary>
internal static class LeaseOutcomes
{
    /// <summary>The lease outcome of an attempt that ended with <paramref name="failure"/> (null: it succeeded).</summary>
    /// <remarks>Only a rate limit, a rejected credential and a refusal say something about the account; anything else costs it nothing.</remarks>
    public static LeaseOutcome Of(UpstreamFailure? failure) => failure?.Kind switch
    {
        null => LeaseOutcome.Success,
        UpstreamFailureKind.RateLimited => LeaseOutcome.RateLimited,
        UpstreamFailureKind.Unauthorized => LeaseOutcome.Unauthorized,
        UpstreamFailureKind.Forbidden => LeaseOutcome.Forbidden,
        _ => LeaseOutcome.TransientFailure,
    };
}
