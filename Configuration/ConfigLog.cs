using Microsoft.Extensions.Logging;

namespace Grok2Api.Configuration;

/// <summary>The log messages of the live configuration.</summary>
internal static partial class ConfigLog
{
    [LoggerMessage(EventId = ConfigEventIds.Created, Level = LogLevel.Information,
        Message = "Created {Source} with every setting at its default; edit it to change them")]
    public static partial void Created(ILogger logger, string source);

    [LoggerMessage(EventId = ConfigEventIds.CreateFailed, Level = LogLevel.Warning,
        Message = "Could not create {Source}; running on the defaults")]
    public static partial void CreateFailed(ILogger logger, string source, Exception exception);

    /// <summary>One migration note: Information for a key that was mapped, Warning for one that was not.</summary>
    [LoggerMessage(EventId = ConfigEventIds.MigrationNote, Message = "Config migration: {Note}")]
    public static partial void MigrationNote(ILogger logger, LogLevel level, string note);

    [LoggerMessage(EventId = ConfigEventIds.MigrationBackup, Level = LogLevel.Information,
        Message = "The config in the old layout was saved as {Backup} before migration")]
    public static partial void MigrationBackup(ILogger logger, string backup);

    [LoggerMessage(EventId = ConfigEventIds.MigrationWritten, Level = LogLevel.Information,
        Message = "{Source} was rewritten in the current layout")]
    public static partial void MigrationWritten(ILogger logger, string source);

    [LoggerMessage(EventId = ConfigEventIds.MigrationWriteFailed, Level = LogLevel.Warning,
        Message = "{Source} could not be backed up or rewritten in the current layout; the migrated values apply in memory only")]
    public static partial void MigrationWriteFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = ConfigEventIds.UnknownKey, Level = LogLevel.Warning, Message = "{Source}: {Warning}")]
    public static partial void UnknownKey(ILogger logger, string source, string warning);

    [LoggerMessage(EventId = ConfigEventIds.DynamicStatsigIgnored, Level = LogLevel.Warning,
        Message = "app.dynamic_statsig is ignored: the gateway generates no anti-bot values; set proxy.statsig_id to a value copied from your browser if needed")]
    public static partial void DynamicStatsigIgnored(ILogger logger);

    [LoggerMessage(EventId = ConfigEventIds.Applied, Level = LogLevel.Information,
        Message = "Config changed by {Origin} and applied: {Keys}")]
    public static partial void Applied(ILogger logger, string origin, string keys);

    [LoggerMessage(EventId = ConfigEventIds.Unchanged, Level = LogLevel.Debug,
        Message = "Config saved by {Origin} without a change of any setting")]
    public static partial void Unchanged(ILogger logger, string origin);

    [LoggerMessage(EventId = ConfigEventIds.Rejected, Level = LogLevel.Error,
        Message = "The edit of {Source} was not applied, the previous config stays in force until it is fixed: {Problems}")]
    public static partial void Rejected(ILogger logger, string source, string problems);

    [LoggerMessage(EventId = ConfigEventIds.ReloadFailed, Level = LogLevel.Error,
        Message = "{Source} could not be read after a change; the previous config stays in force")]
    public static partial void ReloadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = ConfigEventIds.Removed, Level = LogLevel.Warning,
        Message = "{Source} was removed; the current config stays in force and is written again on the next change")]
    public static partial void Removed(ILogger logger, string source);

    [LoggerMessage(EventId = ConfigEventIds.ListenerFailed, Level = LogLevel.Error,
        Message = "A config change listener failed")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);
}
