namespace Grok2Api.AdminApi.Auth;

/// <summary>Whether the caller is logged in, and whether the admin key is still the documented default.</summary>
/// <param name="Authenticated">Always true when returned.</param>
/// <param name="DefaultKey">Whether <c>app.app_key</c> is still <c>AppSection.DefaultAppKey</c>: the admin app then asks for a new key first.</param>
public sealed record SessionResponse(bool Authenticated, bool DefaultKey);
