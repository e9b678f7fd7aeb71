using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>
/// Validates the fields of a <c>POST /v1/images/edits</c> form (the multipart parsing is the host's)
/// into an <see cref="ImageEditRequest"/>, or the 400 naming the field at fault. Fields OpenAI defines
/// that the upstream has no use for (<c>quality</c>, <c>style</c>, <c>mask</c>, <c>background</c>, …)
/// and unknown fields are accepted and ignored. Pure and thread-safe.
/// </summary>
public static class ImageEditRequestReader
{
    /// <summary>The one model the endpoint serves.</summary>
    public const string Model = "grok-imagine-1.0-edit";

    /// <summary>The most source images one request may carry (the original's limit).</summary>
    public const int MaxImages = 16;

    /// <summary>The form fields that carry source images.</summary>
    public static readonly IReadOnlyList<string> ImageFields = ["image", "image[]"];

    private static readonly string[] Scalars = ["model", "prompt", "n", "size", "response_format", "stream", "partial_images"];

    /// <summary>Reads the form.</summary>
    /// <param name="fields">The text fields, in order (name, value).</param>
    /// <param name="files">The file parts under <see cref="ImageFields"/>, in order.</param>
    /// <param name="defaultFormat">The format when the request gives no <c>response_format</c> (<see cref="ImageRequestOptions.DefaultFormat"/>).</param>
    /// <param name="request">The request, when the form is valid.</param>
    /// <param name="error">The error, when it is not (always a 400).</param>
    public static bool TryRead(
        IReadOnlyList<KeyValuePair<string, string>> fields,
        IReadOnlyList<ImageEditUpload> files,
        ImageResponseFormat defaultFormat,
        [NotNullWhen(true)] out ImageEditRequest? request,
        [NotNullWhen(false)] out OpenAiError? error) =>
        TryRead(fields, files, defaultFormat, ModelAliases.None, out request, out error);

    /// <summary>Reads the form; its <c>model</c> may also be an alias of <see cref="Model"/>.</summary>
    /// <param name="fields">The text fields, in order (name, value).</param>
    /// <param name="files">The file parts under <see cref="ImageFields"/>, in order.</param>
    /// <param name="defaultFormat">The format when the request gives no <c>response_format</c> (<see cref="ImageRequestOptions.DefaultFormat"/>).</param>
    /// <param name="aliases">The operator's model aliases.</param>
    /// <param name="request">The request, when the form is valid; its model is the catalogue id.</param>
    /// <param name="error">The error, when it is not (always a 400).</param>
    /// <returns>Whether the form is valid.</returns>
    public static bool TryRead(
        IReadOnlyList<KeyValuePair<string, string>> fields,
        IReadOnlyList<ImageEditUpload> files,
        ImageResponseFormat defaultFormat,
        ModelAliases aliases,
        [NotNullWhen(true)] out ImageEditRequest? request,
        [NotNullWhen(false)] out OpenAiError? error)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(files);
        request = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (ImageFields.Contains(name))
            {
                return Fail(ImageEditErrors.ImageNotFile(name), out error);
            }

            if (Array.IndexOf(Scalars, name) >= 0 && !values.TryAdd(name, value))
            {
                return Fail(ImageEditErrors.Repeated(name), out error);
            }
        }

        var model = values.GetValueOrDefault("model") is { } sent && sent.Trim() is { Length: > 0 } trimmed ? trimmed : Model;
        if (!aliases.TryResolve(model, out var resolved) || resolved.Id != Model)
        {
            return Fail(ImageEditErrors.UnsupportedModel(model), out error);
        }

        model = Model;

        if (values.GetValueOrDefault("prompt") is not { } prompt || string.IsNullOrWhiteSpace(prompt))
        {
            return Fail(ImageEditErrors.Missing("prompt", "the text that says how to edit the image."), out error);
        }

        if (!TryReadStream(values.GetValueOrDefault("stream"), out var stream))
        {
            return Fail(ImageEditErrors.Invalid("stream", values["stream"], "true, false"), out error);
        }

        long? count = null;
        if (values.GetValueOrDefault("n") is { } n && n.Trim().Length > 0)
        {
            if (!long.TryParse(n.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return Fail(ImageEditErrors.Invalid("n", n, $"an integer from 1 to {ImageRequestOptions.MaxCount}"), out error);
            }

            count = parsed;
        }

        if (!ImageRequestOptions.TryCreate(count, Blank(values.GetValueOrDefault("size")), Blank(values.GetValueOrDefault("response_format")), stream, defaultFormat, string.Empty, out var options, out error))
        {
            return false;
        }

        int? partialImages = null;
        if (values.GetValueOrDefault("partial_images") is { } partial && partial.Trim().Length > 0)
        {
            if (!int.TryParse(partial.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed > ImageGenerationRequestReader.MaxPartialImages)
            {
                return Fail(ImageEditErrors.Invalid("partial_images", partial, "an integer from 0 to 3"), out error);
            }

            partialImages = parsed;
        }

        if (!TryReadImages(files, out var images, out error))
        {
            return false;
        }

        request = new ImageEditRequest(model, prompt, images, options) { PartialImages = partialImages };
        return true;
    }

    private static bool TryReadImages(IReadOnlyList<ImageEditUpload> files, out List<ImageEditSource> images, [NotNullWhen(false)] out OpenAiError? error)
    {
        images = [];
        if (files.Count == 0)
        {
            return Fail(ImageEditErrors.Missing("image", "one or more PNG, JPEG or WebP files (repeat 'image' or use 'image[]' for several)."), out error);
        }

        if (files.Count > MaxImages)
        {
            return Fail(ImageEditErrors.TooManyImages(), out error);
        }

        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file.Content.IsEmpty)
            {
                return Fail(ImageEditErrors.EmptyImage(file.Field, i), out error);
            }

            if (ImageFileTypes.Sniff(file.Content.Span) is not { } type)
            {
                return Fail(ImageEditErrors.UnsupportedImage(file.Field, i), out error);
            }

            images.Add(new ImageEditSource(file.Content, type, ImageFileTypes.FileName(type, i)));
        }

        error = null;
        return true;
    }

    private static string? Blank(string? value) => value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static bool TryReadStream(string? value, out bool stream)
    {
        stream = false;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
        {
            stream = true;
            return true;
        }

        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0";
    }

    private static bool Fail(OpenAiError value, out OpenAiError error)
    {
        error = value;
        return false;
    }
}
