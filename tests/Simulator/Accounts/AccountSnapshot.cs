namespace Grok2Api.Simulator.Accounts;

/// <summary>The quota state of one simulated account at one moment.</summary>
/// <param name="Token">The SSO token.</param>
/// <param name="Remaining">Queries left in the current window.</param>
/// <param name="Total">Queries per window.</param>
/// <param name="WindowSizeSeconds">Length of the window in seconds.</param>
/// <param name="WindowEndsAt">When the current window refills, or null while nothing has been used.</param>
public sealed record AccountSnapshot(string Token, int Remaining, int Total, int WindowSizeSeconds, DateTimeOffset? WindowEndsAt);
