namespace Grok2Api.AdminApi.Auth;

/// <summary>Whether the caller is logged in.</summary>
/// <param name="Authenticated">Always true when returned.</param>
public sealed record SessionResponse(bool Authenticated);
