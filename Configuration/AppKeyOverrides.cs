namespace Grok2Api.Configuration;

/// <summary>
/// Keys given outside config.toml (the environment variables <c>GROK2API_APP_KEY</c> and
/// <c>GROK2API_API_KEY</c>, for container deployments). They replace <c>app.app_key</c> and
/// <c>app.api_key</c> in the <see cref="AppSection"/> every consumer reads, and never enter the
/// config tree, so they are never written to config.toml. <see cref="ToString"/> shows only whether
/// each is set, so an instance can be logged.
/// </summary>
public sealed class AppKeyOverrides
{
    /// <summary>Creates the overrides; a null or blank key means "not overridden".</summary>
    /// <param name="appKey">The admin key, or null.</param>
    /// <param name="apiKey">The API key, or null.</param>
    public AppKeyOverrides(string? appKey, string? apiKey)
    {
        AppKey = string.IsNullOrWhiteSpace(appKey) ? null : appKey.Trim();
        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }

    /// <summary>No overrides: the file's keys are in force.</summary>
    public static AppKeyOverrides None { get; } = new(null, null);

    /// <summary>The admin key that replaces <c>app.app_key</c>, or null.</summary>
    public string? AppKey { get; }

    /// <summary>The API key that replaces <c>app.api_key</c>, or null.</summary>
    public string? ApiKey { get; }

    /// <summary>The section with the overridden keys in place (the same instance when nothing is overridden).</summary>
    /// <param name="app">The section as read from the config.</param>
    public AppSection Apply(AppSection app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (AppKey is null && ApiKey is null)
        {
            return app;
        }

        return app with { AppKey = AppKey ?? app.AppKey, ApiKey = ApiKey ?? app.ApiKey };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"AppKeyOverrides(app_key: {(AppKey is null ? "not set" : "set")}, api_key: {(ApiKey is null ? "not set" : "set")})";
}
