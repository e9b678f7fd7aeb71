namespace Grok2Api.Configuration;

/// <summary>Event ids of the configuration subsystem (range 1100-1199 of the Storage assembly).</summary>
internal static class ConfigEventIds
{
    public const int FileChanged = 1100;
    public const int WatchDegraded = 1101;
    public const int Created = 1110;
    public const int CreateFailed = 1111;
    public const int MigrationNote = 1120;
    public const int MigrationBackup = 1122;
    public const int MigrationWritten = 1123;
    public const int MigrationWriteFailed = 1124;
    public const int UnknownKey = 1130;
    public const int DynamicStatsigIgnored = 1131;
    public const int Applied = 1140;
    public const int Unchanged = 1141;
    public const int Rejected = 1142;
    public const int ReloadFailed = 1143;
    public const int Removed = 1144;
    public const int ListenerFailed = 1160;
}
