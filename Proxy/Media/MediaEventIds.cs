namespace Grok2Api.Proxy.Media;

/// <summary>Event ids of the media cache (3450–3469); fold into the assembly's EventIds registry when it exists.</summary>
internal static class MediaEventIds
{
    public const int DownloadFailed = 3450;
    public const int Downloaded = 3451;
    public const int Trimmed = 3452;
    public const int TrimFailed = 3453;
    public const int InvalidAssetPath = 3454;
    public const int StaleTempRemoved = 3455;
}
