using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>
/// The options every image request shares (generation, edit, chat <c>image_config</c>), validated:
/// how many images, which size and aspect ratio, how they go back, and whether they stream.
/// <c>quality</c> and <c>style</c> are accepted and ignored by the readers, as the original did.
/// </summary>
/// <param name="Count">How many images (<c>n</c>), 1 to <see cref="MaxCount"/>.</param>
/// <param name="Size">The OpenAI size echoed in answers (a size of <see cref="ImageSizes"/>).</param>
/// <param name="AspectRatio">The upstream aspect ratio, e.g. <c>1:1</c>.</param>
/// <param name="Format">How the images go back.</param>
/// <param name="Stream">Whether the answer is an event stream (n 1 or 2 only).</param>
public sealed record ImageRequestOptions(int Count, string Size, string AspectRatio, ImageResponseFormat Format, bool Stream)
{
    /// <summary>The largest <c>n</c>: 10.</summary>
    public const int MaxCount = 10;

    /// <summary>The largest <c>n</c> of a streamed request: 2.</summary>
    public const int MaxStreamCount = 2;

    /// <summary>
    /// The format used when a request gives none, from <c>app.image_format</c>: <c>base64</c> and
    /// <c>b64_json</c> are inline base64; <c>url</c> and <c>markdown</c> (and anything else) are links.
    /// </summary>
    /// <param name="appImageFormat">The configured <c>app.image_format</c>.</param>
    public static ImageResponseFormat DefaultFormat(string? appImageFormat) =>
        appImageFormat is "base64" or "b64_json" ? ImageResponseFormat.Base64 : ImageResponseFormat.Url;

    /// <summary>
    /// Validates the raw values of a request. Absent values (null) take their defaults: n 1, size
    /// <see cref="ImageSizes.Default"/>, the format <paramref name="defaultFormat"/>, no stream.
    /// </summary>
    /// <param name="count">The <c>n</c> given, or null.</param>
    /// <param name="size">The <c>size</c> given, or null.</param>
    /// <param name="responseFormat">The <c>response_format</c> given, or null.</param>
    /// <param name="stream">The <c>stream</c> given.</param>
    /// <param name="defaultFormat">The format when none is given (<see cref="DefaultFormat"/>).</param>
    /// <param name="paramPrefix">Prefix of the parameter names in errors, e.g. <c>image_config.</c>; empty for the images API.</param>
    /// <param name="options">The options, when valid.</param>
    /// <param name="error">The 400 error naming the parameter, when not.</param>
    /// <returns>Whether the values are valid.</returns>
    public static bool TryCreate(
        long? count,
        string? size,
        string? responseFormat,
        bool stream,
        ImageResponseFormat defaultFormat,
        string paramPrefix,
        [NotNullWhen(true)] out ImageRequestOptions? options,
        [NotNullWhen(false)] out OpenAiError? error)
    {
        ArgumentNullException.ThrowIfNull(paramPrefix);
        options = null;
        var n = count ?? 1;
        if (n is < 1 or > MaxCount)
        {
            error = new OpenAiError(
                string.Create(CultureInfo.InvariantCulture, $"Invalid '{paramPrefix}n': it must be between 1 and {MaxCount}, but got {n}."),
                OpenAiErrorTypes.InvalidRequest, paramPrefix + "n", ChatRequestErrorCodes.InvalidValue);
            return false;
        }

        if (stream && n > MaxStreamCount)
        {
            error = new OpenAiError(
                string.Create(CultureInfo.InvariantCulture, $"Invalid '{paramPrefix}n' for a stream: a streamed image request takes n 1 or 2, but got {n}. Send \"stream\": false for more images."),
                OpenAiErrorTypes.InvalidRequest, paramPrefix + "n", ChatRequestErrorCodes.InvalidValue);
            return false;
        }

        var chosenSize = size ?? ImageSizes.Default;
        if (!ImageSizes.TryGetAspectRatio(chosenSize, out var ratio))
        {
            error = ChatRequestErrors.InvalidValue(paramPrefix + "size", chosenSize, ImageSizes.ValidList);
            return false;
        }

        var format = defaultFormat;
        if (responseFormat is not null)
        {
            switch (responseFormat)
            {
                case "url":
                    format = ImageResponseFormat.Url;
                    break;
                case "b64_json" or "base64":
                    format = ImageResponseFormat.Base64;
                    break;
                default:
                    error = ChatRequestErrors.InvalidValue(paramPrefix + "response_format", responseFormat, "url, b64_json, base64");
                    return false;
            }
        }

        options = new ImageRequestOptions((int)n, ImageSizes.SizeOf(ratio), ratio, format, stream);
        error = null;
        return true;
    }
}
