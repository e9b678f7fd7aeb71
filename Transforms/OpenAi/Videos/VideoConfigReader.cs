using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// Reads the chat request's <c>video_config</c> (<c>aspect_ratio</c>, <c>video_length</c>,
/// <c>resolution_name</c>, <c>preset</c>) into <see cref="GrokVideoSettings"/>; a missing object or
/// field takes the original's default (3:2, 6 s, 480p, custom), a wrong value is a 400 naming the
/// field. Other fields are ignored. Pure and thread-safe.
/// </summary>
public static class VideoConfigReader
{
    /// <summary>Reads <paramref name="config"/> (a JSON object, or null when the request had none).</summary>
    /// <param name="config">The <c>video_config</c> object as sent.</param>
    /// <param name="settings">The parameters, when valid.</param>
    /// <param name="error">The error, otherwise.</param>
    /// <returns>Whether the config is valid.</returns>
    public static bool TryRead(JsonElement? config, [NotNullWhen(true)] out GrokVideoSettings? settings, [NotNullWhen(false)] out OpenAiError? error)
    {
        settings = null;
        var result = GrokVideoSettings.Default;
        if (config is not { ValueKind: JsonValueKind.Object } obj)
        {
            settings = result;
            error = null;
            return true;
        }

        if (!TryString(obj, "aspect_ratio", out var ratioText, out error))
        {
            return false;
        }

        if (ratioText is not null)
        {
            if (GrokVideoParameters.AspectRatioOf(ratioText) is not { } ratio)
            {
                error = VideoRequestErrors.Invalid("video_config.aspect_ratio",
                    $"'video_config.aspect_ratio' must be one of {string.Join(", ", GrokVideoParameters.AspectRatios)} or a size of {string.Join(", ", GrokVideoParameters.SizeRatios.Keys)}; got '{VideoRequestErrors.Echo(ratioText)}'.");
                return false;
            }

            result = result with { AspectRatio = ratio };
        }

        if (obj.TryGetProperty("video_length", out var length) && length.ValueKind != JsonValueKind.Null)
        {
            if (LengthOf(length) is not { } seconds)
            {
                error = VideoRequestErrors.Invalid("video_config.video_length", "'video_config.video_length' must be 6, 10 or 15 (seconds).");
                return false;
            }

            result = result with { VideoLength = seconds };
        }

        if (!TryString(obj, "resolution_name", out var resolution, out error))
        {
            return false;
        }

        if (resolution is not null)
        {
            if (!GrokVideoParameters.Resolutions.Contains(resolution))
            {
                error = VideoRequestErrors.Invalid("video_config.resolution_name",
                    $"'video_config.resolution_name' must be 480p or 720p; got '{VideoRequestErrors.Echo(resolution)}'.");
                return false;
            }

            result = result with { ResolutionName = resolution };
        }

        if (!TryString(obj, "preset", out var preset, out error))
        {
            return false;
        }

        if (preset is not null)
        {
            if (!GrokVideoParameters.Presets.Contains(preset))
            {
                error = VideoRequestErrors.Invalid("video_config.preset",
                    $"'video_config.preset' must be one of {string.Join(", ", GrokVideoParameters.Presets)}; got '{VideoRequestErrors.Echo(preset)}'.");
                return false;
            }

            result = result with { Preset = preset };
        }

        settings = result;
        error = null;
        return true;
    }

    // 6, 10 or 15 as a JSON integer or as a string of digits; anything else is null.
    private static int? LengthOf(JsonElement value)
    {
        int seconds;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out seconds),
            JsonValueKind.String => VideoJsonText.TryGet(value, out var text) & int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds),
            _ => (seconds = 0) != 0,
        };
        return ok && GrokVideoParameters.Lengths.Contains(seconds) ? seconds : null;
    }

    // False with an error when the field is there but not a string; true with null when it is missing or null.
    private static bool TryString(JsonElement obj, string name, out string? text, [NotNullWhen(false)] out OpenAiError? error)
    {
        text = null;
        error = null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = VideoRequestErrors.WrongType("video_config." + name, "a string");
            return false;
        }

        if (!VideoJsonText.TryGet(value, out var decoded))
        {
            error = VideoJsonText.NotText("video_config." + name);
            return false;
        }

        text = decoded;
        return true;
    }
}
