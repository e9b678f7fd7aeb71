using System.Diagnostics.CodeAnalysis;
namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>What an Imagine loop generates.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="AspectRatio">One of <see cref="PublicImagineSpec.AspectRatios"/>.</param>
/// <param name="Nsfw">The <c>enable_nsfw</c> flag, or null for <c>image.nsfw</c>.</param>
internal sealed record PublicImagineSpec(string Prompt, string AspectRatio, bool? Nsfw)
{
    /// <summary>The ratios the loop takes (the ratio is sent upstream as given).</summary>
    public static readonly string[] AspectRatios = ["2:3", "1:1", "3:2", "16:9", "9:16"];

    /// <summary>The ratio when none is given.</summary>
    public const string DefaultAspectRatio = "2:3";

    /// <summary>Validates raw values: a prompt with text, a known ratio (null takes the default).</summary>
    /// <returns>The spec, or the error's parameter, message and code.</returns>
    public static bool TryCreate(string? prompt, string? aspectRatio, bool? nsfw, [NotNullWhen(true)] out PublicImagineSpec? spec, out (string Param, string Message, string Code) error)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            error = ("prompt", "'prompt' must be a non-empty string.", "invalid_prompt");
            return false;
        }

        var ratio = string.IsNullOrEmpty(aspectRatio) ? DefaultAspectRatio : aspectRatio;
        if (!AspectRatios.Contains(ratio, StringComparer.Ordinal))
        {
            error = ("aspect_ratio", $"'aspect_ratio' must be one of {string.Join(", ", AspectRatios)}.", "invalid_value");
            return false;
        }

        spec = new PublicImagineSpec(prompt.Trim(), ratio, nsfw);
        error = default;
        return true;
    }
}
