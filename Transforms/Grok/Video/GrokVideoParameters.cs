using System.Collections.Frozen;

namespace Grok2Api.Transforms.Grok.Video;

/// <summary>
/// The values a video request may carry and how they reach the upstream (docs/grok-protocol.md §12.2,
/// §12.4, §14.2): aspect ratios (also given as the image sizes of the original's table), lengths,
/// resolutions, the preset's mode flag, and the video id inside an asset path. Pure and thread-safe.
/// </summary>
public static class GrokVideoParameters
{
    /// <summary>The low resolution.</summary>
    public const string Resolution480 = "480p";

    /// <summary>The high resolution.</summary>
    public const string Resolution720 = "720p";

    /// <summary>The aspect ratios the upstream takes.</summary>
    public static IReadOnlyList<string> AspectRatios { get; } = ["16:9", "9:16", "3:2", "2:3", "1:1"];

    /// <summary>The lengths the upstream takes, in seconds.</summary>
    public static IReadOnlyList<int> Lengths { get; } = [6, 10, 15];

    /// <summary>The resolutions the upstream takes.</summary>
    public static IReadOnlyList<string> Resolutions { get; } = [Resolution480, Resolution720];

    /// <summary>The presets, in the order the original lists them.</summary>
    public static IReadOnlyList<string> Presets { get; } = ["fun", "normal", "spicy", "custom"];

    /// <summary>The image sizes of the original's table and the aspect ratio each one means.</summary>
    public static FrozenDictionary<string, string> SizeRatios { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1280x720"] = "16:9",
        ["720x1280"] = "9:16",
        ["1792x1024"] = "3:2",
        ["1024x1792"] = "2:3",
        ["1024x1024"] = "1:1",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ModeFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fun"] = " --mode=extremely-crazy",
        ["normal"] = " --mode=normal",
        ["spicy"] = " --mode=extremely-spicy-or-crazy",
        ["custom"] = " --mode=custom",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>An aspect ratio given as a ratio or as a size of the table, or null when it is neither.</summary>
    /// <param name="value">The client's value, e.g. <c>16:9</c> or <c>1280x720</c>.</param>
    public static string? AspectRatioOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var ratio in AspectRatios)
        {
            if (ratio == value)
            {
                return ratio;
            }
        }

        return SizeRatios.GetValueOrDefault(value);
    }

    /// <summary>The <c>message</c> of the video request: the prompt followed by the preset's mode flag (<c>custom</c> for an unknown preset).</summary>
    /// <param name="prompt">The flattened prompt.</param>
    /// <param name="preset">The preset.</param>
    public static string MessageOf(string prompt, string preset)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return prompt + (ModeFlags.GetValueOrDefault(preset) ?? ModeFlags["custom"]);
    }

    /// <summary>
    /// The video id inside an asset path or URL (<c>…/generated/&lt;id&gt;/…</c>), for the upscale
    /// call when the progress line did not carry <c>videoId</c>; null when there is none.
    /// </summary>
    /// <param name="assetPath">The video's asset path or URL.</param>
    public static string? VideoIdOf(string assetPath)
    {
        ArgumentNullException.ThrowIfNull(assetPath);
        const string Marker = "/generated/";
        var at = assetPath.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + Marker.Length;
        var end = assetPath.IndexOf('/', start);
        return end > start ? assetPath[start..end] : null;
    }
}
