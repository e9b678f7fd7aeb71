using Grok2Api.Simulator.Assets;

namespace Grok2Api.Simulator.Media;

/// <summary>Checks URLs that requests use to point at files on the assets host (uploads and generated files).</summary>
internal static class AssetUrls
{
    /// <summary>
    /// Null when <paramref name="url"/> is an absolute http(s) URL whose path the assets host serves (an upload,
    /// a generated file or an override); otherwise why not. <paramref name="field"/> names the value in the message.
    /// </summary>
    public static string? Check(AssetStore assets, string url, string field)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"{field} must be an absolute http(s) URL on the assets host, got '{url}'";
        }

        return assets.Find(uri.AbsolutePath) is null ? $"{field} names no known asset: '{uri.AbsolutePath}'" : null;
    }
}
