using System.Net;

namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// A finished video as chat content, per <c>app.video_format</c>: <c>html</c> (the default) a
/// <c>&lt;video&gt;</c> element with the thumbnail as poster and both URLs HTML-escaped, <c>url</c> the bare
/// URL, <c>markdown</c> <c>[video](url)</c>. Pure and thread-safe.
/// </summary>
public static class VideoRendering
{
    /// <summary>The html format.</summary>
    public const string Html = "html";

    /// <summary>The url format.</summary>
    public const string Url = "url";

    /// <summary>The markdown format.</summary>
    public const string Markdown = "markdown";

    /// <summary>Renders a video.</summary>
    /// <param name="format"><c>html</c>, <c>url</c> or <c>markdown</c>; anything else is treated as html.</param>
    /// <param name="url">The video's URL.</param>
    /// <param name="posterUrl">The thumbnail's URL, or null.</param>
    public static string Render(string format, string url, string? posterUrl)
    {
        ArgumentNullException.ThrowIfNull(url);
        return format switch
        {
            Url => url,
            Markdown => $"[video]({url})",
            _ => posterUrl is null
                ? $"<video id=\"video\" controls preload=\"none\"><source id=\"mp4\" src=\"{WebUtility.HtmlEncode(url)}\" type=\"video/mp4\"></video>"
                : $"<video id=\"video\" controls preload=\"none\" poster=\"{WebUtility.HtmlEncode(posterUrl)}\"><source id=\"mp4\" src=\"{WebUtility.HtmlEncode(url)}\" type=\"video/mp4\"></video>",
        };
    }
}
