using Grok2Api.AdminApi.Auth;

namespace Grok2Api.AdminApi;

/// <summary>Lets other areas (the media cache in Proxy) put their admin endpoints behind the admin API's authentication.</summary>
public static class AdminEndpointConventions
{
    /// <summary>
    /// Requires a valid admin session cookie (SameSite=Strict, so a cross-site request never carries it)
    /// or <c>Authorization: Bearer &lt;app_key&gt;</c>, with the failed-authentication throttle, exactly
    /// like the token endpoints; a write made with the cookie must also come from this site (Origin or
    /// Sec-Fetch-Site), else it is refused with 403.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoints to protect.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder RequireAdminAuth<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AdminAuthFilter>();
}
