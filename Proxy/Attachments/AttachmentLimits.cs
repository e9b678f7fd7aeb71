namespace Grok2Api.Proxy.Attachments;

/// <summary>The size limit of one attachment.</summary>
internal static class AttachmentLimits
{
    /// <summary>
    /// The largest file upload-file can carry here: <see cref="System.Text.Json.Utf8JsonWriter"/> writes
    /// base64 values of at most 125,000,000 bytes, i.e. 119 MB.
    /// </summary>
    public const int UploadMaxMb = 119;

    /// <summary><c>asset.fetch_max_mb</c>, bounded by <see cref="UploadMaxMb"/>.</summary>
    public static int MaxMb(AssetSection asset) => Math.Min(asset.FetchMaxMb, UploadMaxMb);

    /// <summary><see cref="MaxMb"/> in bytes.</summary>
    public static long MaxBytes(AssetSection asset) => MaxMb(asset) * 1024L * 1024;
}
