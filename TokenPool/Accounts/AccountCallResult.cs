namespace Grok2Api.TokenPool.Accounts;

/// <summary>How one upstream account call ended.</summary>
/// <param name="Ok">Whether it succeeded.</param>
/// <param name="Status">The HTTP status it amounts to (a gRPC code is mapped to one), or null when no answer came.</param>
/// <param name="Reason">Why it failed, for the task's error list (never contains the token); null on success.</param>
public sealed record AccountCallResult(bool Ok, int? Status, string? Reason)
{
    /// <summary>A success.</summary>
    public static AccountCallResult Success { get; } = new(true, 200, null);

    /// <summary>Whether the upstream rejected the credential (401, or gRPC UNAUTHENTICATED): an auth failure of the token.</summary>
    public bool IsAuthFailure => !Ok && Status == 401;

    /// <summary>A failure.</summary>
    /// <param name="status">The HTTP status, if an answer came.</param>
    /// <param name="reason">Why.</param>
    public static AccountCallResult Failed(int? status, string reason) => new(false, status, reason);
}
