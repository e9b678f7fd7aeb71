namespace Grok2Api.Proxy.Media;

/// <summary>How a download to the cache ended.</summary>
/// <param name="Success">True when the file is in place.</param>
/// <param name="Detail">Why not, for the log (never a token or a body).</param>
internal sealed record AssetDownloadResult(bool Success, string? Detail)
{
    public static AssetDownloadResult Done { get; } = new(true, null);

    public static AssetDownloadResult Failed(string detail) => new(false, detail);
}
