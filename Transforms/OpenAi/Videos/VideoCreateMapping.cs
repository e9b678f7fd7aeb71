using System.Collections.Frozen;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.Grok.Video;

namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>
/// Checks the fields of <c>POST /v1/videos</c> and maps the OpenAI parameters onto Grok's
/// (docs/compatibility.md, Videos API):
/// <c>seconds</c> 1–6 → 6, 7–10 → 10, 11–15 → 15 (missing → 6; above 15 is refused);
/// <c>size</c> 1280x720, 720x1280, 1792x1024, 1024x1792, 1024x1024 → 16:9, 9:16, 3:2, 2:3, 1:1 at 720p,
/// and 854x480, 480x854, 720x480, 480x720, 480x480 → the same ratios at 480p (missing → 720x480, 3:2 at
/// 480p, the original's default). Pure and thread-safe.
/// </summary>
public static class VideoCreateMapping
{
    /// <summary>The model a request without <c>model</c> gets.</summary>
    public const string DefaultModel = "grok-imagine-1.0-video";

    /// <summary>The <c>size</c> of a request without one.</summary>
    public const string DefaultSize = "720x480";

    /// <summary>The longest video, in seconds.</summary>
    public const int MaxSeconds = 15;

    private const int MaxPromptLength = 32_000;

    /// <summary>Every accepted size with its aspect ratio and resolution.</summary>
    public static FrozenDictionary<string, (string AspectRatio, string Resolution)> Sizes { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["1280x720"] = ("16:9", GrokVideoParameters.Resolution720),
            ["720x1280"] = ("9:16", GrokVideoParameters.Resolution720),
            ["1792x1024"] = ("3:2", GrokVideoParameters.Resolution720),
            ["1024x1792"] = ("2:3", GrokVideoParameters.Resolution720),
            ["1024x1024"] = ("1:1", GrokVideoParameters.Resolution720),
            ["854x480"] = ("16:9", GrokVideoParameters.Resolution480),
            ["480x854"] = ("9:16", GrokVideoParameters.Resolution480),
            ["720x480"] = ("3:2", GrokVideoParameters.Resolution480),
            ["480x720"] = ("2:3", GrokVideoParameters.Resolution480),
            ["480x480"] = ("1:1", GrokVideoParameters.Resolution480),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The length generated for a requested number of seconds, or null when it is not 1–15.</summary>
    /// <param name="seconds">The requested seconds.</param>
    public static int? LengthFor(int seconds) => seconds switch
    {
        >= 1 and <= 6 => 6,
        >= 7 and <= 10 => 10,
        >= 11 and <= MaxSeconds => 15,
        _ => null,
    };

    /// <summary>Checks and maps the fields.</summary>
    /// <param name="fields">The fields as sent.</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="status">400, or 404 for an unknown model.</param>
    /// <param name="error">The error, otherwise.</param>
    /// <returns>Whether the request is valid.</returns>
    public static bool TryMap(VideoCreateFields fields, [NotNullWhen(true)] out VideoCreateRequest? request, out int status, [NotNullWhen(false)] out OpenAiErrorResponse? error) =>
        TryMap(fields, ModelAliases.None, out request, out status, out error);

    /// <summary>Checks and maps the fields; the model may also be named by an alias of <paramref name="aliases"/>.</summary>
    /// <param name="fields">The fields as sent.</param>
    /// <param name="aliases">The operator's model aliases.</param>
    /// <param name="request">The request, when valid.</param>
    /// <param name="status">400, or 404 for an unknown model.</param>
    /// <param name="error">The error, otherwise.</param>
    /// <returns>Whether the request is valid.</returns>
    public static bool TryMap(VideoCreateFields fields, ModelAliases aliases, [NotNullWhen(true)] out VideoCreateRequest? request, out int status, [NotNullWhen(false)] out OpenAiErrorResponse? error)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(aliases);
        request = null;
        status = 400;
        var modelId = string.IsNullOrEmpty(fields.Model) ? DefaultModel : fields.Model;
        if (!aliases.TryResolve(modelId, out var model))
        {
            status = 404;
            error = OpenAiErrors.ModelNotFound(modelId);
            return false;
        }

        if (model.Capability != ModelCapability.Video)
        {
            return Fail(VideoRequestErrors.Invalid("model", $"The model '{model.Id}' does not generate videos; use {DefaultModel}."), out error);
        }

        // Image-to-video needs no text (as through chat completions): the reference image alone is enough.
        var prompt = string.IsNullOrWhiteSpace(fields.Prompt) ? string.Empty : fields.Prompt;
        if (prompt.Length == 0 && !fields.HasInputReference)
        {
            return Fail(VideoRequestErrors.Missing("prompt", "the text that describes the video (it may be left out only with an input_reference image)"), out error);
        }

        if (prompt.Length > MaxPromptLength)
        {
            return Fail(VideoRequestErrors.Invalid("prompt", $"'prompt' is longer than {MaxPromptLength} characters."), out error);
        }

        var length = 6;
        if (!string.IsNullOrEmpty(fields.Seconds))
        {
            if (!int.TryParse(fields.Seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || LengthFor(seconds) is not { } mapped)
            {
                return Fail(VideoRequestErrors.Invalid("seconds",
                    $"'seconds' must be a whole number from 1 to {MaxSeconds} (generated as 6, 10 or 15 seconds); got '{VideoRequestErrors.Echo(fields.Seconds)}'."), out error);
            }

            length = mapped;
        }

        var size = string.IsNullOrEmpty(fields.Size) ? DefaultSize : fields.Size;
        if (!Sizes.TryGetValue(size, out var shape))
        {
            return Fail(VideoRequestErrors.Invalid("size",
                $"'size' must be one of {string.Join(", ", Sizes.Keys)}; got '{VideoRequestErrors.Echo(size)}'."), out error);
        }

        var preset = string.IsNullOrEmpty(fields.Preset) ? GrokVideoSettings.Default.Preset : fields.Preset;
        if (!GrokVideoParameters.Presets.Contains(preset))
        {
            return Fail(VideoRequestErrors.Invalid("preset",
                $"'preset' must be one of {string.Join(", ", GrokVideoParameters.Presets)}; got '{VideoRequestErrors.Echo(preset)}'."), out error);
        }

        var settings = new GrokVideoSettings(shape.AspectRatio, length, shape.Resolution, preset);
        request = new VideoCreateRequest(model, prompt, settings, length.ToString(CultureInfo.InvariantCulture), size, fields.InputReferenceUrl);
        error = null;
        return true;
    }

    private static bool Fail(OpenAiError error, out OpenAiErrorResponse response)
    {
        response = new OpenAiErrorResponse(error);
        return false;
    }
}
