namespace Grok2Api.AdminApi.Auth;

/// <summary>Whether the caller is logged in, and whether the admin key is still the documented default.</summary>
/// <param name="Authenticated">Always true when returned.</param>
/// <param name="DefaultKey">Whether <c>app.app_key</c> is still <c>AppSection.DefaultAppKey</c>: the admin app then asks for a new key first.</param>
/// <param name="Storage">Where tokens and config are kept (<c>SERVER_STORAGE_TYPE</c>): <c>local</c>, <c>redis</c>, <c>pgsql</c> or <c>mysql</c>; the app shows it in its header.</param>
public sealed record SessionResponse(bool Authenticated, bool DefaultKey, string Storage);
