namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>
/// The errors of an edit request, each message written once; every one names the field at fault.
/// Echoed client values are cut to <see cref="MaxEcho"/> characters; image bytes are never echoed.
/// </summary>
public static class ImageEditErrors
{
    /// <summary>The longest client value quoted in a message.</summary>
    public const int MaxEcho = 100;

    /// <summary>A required field is missing or blank.</summary>
    /// <param name="param">The field.</param>
    /// <param name="what">What it should hold.</param>
    public static OpenAiError Missing(string param, string what) =>
        Create($"You must provide the '{param}' field: {what}", param, "missing_required_parameter");

    /// <summary>A field has a value outside its set.</summary>
    /// <param name="param">The field.</param>
    /// <param name="value">The value sent.</param>
    /// <param name="supported">The values accepted, for people.</param>
    public static OpenAiError Invalid(string param, string value, string supported) =>
        Create($"Invalid value '{Echo(value)}' for '{param}'. Supported values are: {supported}.", param, "invalid_value");

    /// <summary>A single-valued field came more than once.</summary>
    /// <param name="param">The field.</param>
    public static OpenAiError Repeated(string param) =>
        Create($"The '{param}' field was sent more than once; send it once.", param, "invalid_value");

    /// <summary>A model other than the edit model.</summary>
    /// <param name="model">The model sent.</param>
    public static OpenAiError UnsupportedModel(string model) =>
        Create($"The model '{Echo(model)}' does not edit images. This endpoint serves only '{ImageEditRequestReader.Model}'.", "model", "model_not_supported");

    /// <summary>An image field sent as text, not as a file.</summary>
    /// <param name="field">The field.</param>
    public static OpenAiError ImageNotFile(string field) =>
        Create($"The '{field}' field must be a file part (Content-Disposition with a filename), not a text value.", field, "invalid_value");

    /// <summary>Too many source images.</summary>
    public static OpenAiError TooManyImages() =>
        Create(string.Create(CultureInfo.InvariantCulture, $"The request has more than {ImageEditRequestReader.MaxImages} images; at most {ImageEditRequestReader.MaxImages} are accepted."), "image", "too_many_images");

    /// <summary>An empty source image.</summary>
    /// <param name="field">The field.</param>
    /// <param name="index">Its place among the images, from 0.</param>
    public static OpenAiError EmptyImage(string field, int index) =>
        Create(string.Create(CultureInfo.InvariantCulture, $"Image {index + 1} ('{field}') is empty."), field, "empty_file");

    /// <summary>A source image that is not PNG, JPEG or WebP.</summary>
    /// <param name="field">The field.</param>
    /// <param name="index">Its place among the images, from 0.</param>
    public static OpenAiError UnsupportedImage(string field, int index) =>
        Create(string.Create(CultureInfo.InvariantCulture, $"Image {index + 1} ('{field}') is not a PNG, JPEG or WebP image (told by its content, not its name or content type)."), field, "invalid_image_type");

    /// <summary>A source image above the size limit.</summary>
    /// <param name="field">The field.</param>
    /// <param name="index">Its place among the images, from 0.</param>
    /// <param name="maxMb">The limit in MB.</param>
    public static OpenAiError ImageTooLarge(string field, int index, int maxMb) =>
        Create(string.Create(CultureInfo.InvariantCulture, $"Image {index + 1} ('{field}') is larger than {maxMb} MB."), field, "file_too_large");

    /// <summary>A text field above the size limit.</summary>
    /// <param name="field">The field (cut for the message).</param>
    /// <param name="maxKb">The limit in KB.</param>
    public static OpenAiError FieldTooLarge(string field, int maxKb) =>
        Create(string.Create(CultureInfo.InvariantCulture, $"The '{Echo(field)}' field is longer than {maxKb} KB."), Echo(field), "field_too_large");

    /// <summary>The body is not a well-formed multipart form.</summary>
    /// <param name="why">What is wrong, for people (no client bytes).</param>
    public static OpenAiError MalformedForm(string why) =>
        Create($"The multipart/form-data body could not be read: {why}.", null, "invalid_multipart");

    private static OpenAiError Create(string message, string? param, string code) =>
        new(message, OpenAiErrorTypes.InvalidRequest, param, code);

    private static string Echo(string value)
    {
        var clean = new string([.. value.Where(c => !char.IsControl(c))]);
        return clean.Length <= MaxEcho ? clean : string.Concat(clean.AsSpan(0, MaxEcho), "…");
    }
}
