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

        if (!VideoJsonText.TryReadOptional(obj, "aspect_ratio", "video_config.aspect_ratio", out var ratioText, out error))
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

        if (!TryReadChoice(obj, "resolution_name", GrokVideoParameters.Resolutions, "480p or 720p", out var resolution, out error))
        {
            return false;
        }

        if (resolution is not null)
        {
            result = result with { ResolutionName = resolution };
        }

        if (!TryReadChoice(obj, "preset", GrokVideoParameters.Presets, "one of " + string.Join(", ", GrokVideoParameters.Presets), out var preset, out error))
        {
            return false;
        }

        if (preset is not null)
        {
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

    // An optional string field that must be one of allowed: true with null when it is missing; a 400 naming video_config.{name} otherwise.
    private static bool TryReadChoice(JsonElement obj, string name, IReadOnlyList<string> allowed, string allowedText, out string? value, [NotNullWhen(false)] out OpenAiError? error)
    {
        var param = "video_config." + name;
        if (!VideoJsonText.TryReadOptional(obj, name, param, out value, out error))
        {
            return false;
        }

        if (value is null || allowed.Contains(value))
        {
            return true;
        }

        error = VideoRequestErrors.Invalid(param, $"'{param}' must be {allowedText}; got '{VideoRequestErrors.Echo(value)}'.");
        value = null;
        return false;
    }
}
