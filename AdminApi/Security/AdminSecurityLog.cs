using Microsoft.Extensions.Logging;

namespace Grok2Api.AdminApi.Security;

/// <summary>Log messages of the admin API's exposure rules. No message ever carries a key.</summary>
internal static partial class AdminSecurityLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "app.app_key is the default: the admin API answers loopback clients only. Set app.app_key in config.toml or GROK2API_APP_KEY to administer this service from elsewhere")]
    public static partial void DefaultAppKey(ILogger logger);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning,
        Message = "Refused a cross-site {Method} to the admin API: it carried the session cookie but no same-origin Origin or Sec-Fetch-Site (Origin present: {HasOrigin})")]
    public static partial void CrossSiteRefused(ILogger logger, string method, bool hasOrigin);
}
