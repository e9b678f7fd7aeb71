namespace Grok2Api.AdminApi.Security;

/// <summary>What the failed-authentication limit says about a client address.</summary>
/// <param name="IsLimited">Whether the address has used up its failures: answer 429.</param>
/// <param name="RetryAfter">When it may try again (zero when not limited).</param>
public readonly record struct AuthThrottleDecision(bool IsLimited, TimeSpan RetryAfter)
{
    /// <summary>Not limited.</summary>
    public static AuthThrottleDecision Allowed => default;

    /// <summary>The <c>Retry-After</c> value: whole seconds, at least 1.</summary>
    public string RetryAfterSeconds =>
        Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
