using System.Text.Json.Nodes;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Grok.ImageEdit;

/// <summary>
/// The image-edit turn of <c>conversations/new</c> (docs/grok-protocol.md §13): the model name, the
/// tool and model-map overrides, and the parent post id a source image's path stands in for when no
/// media post could be created. Every constant of the edit body is here; the rest of the body is the
/// chat body of <see cref="GrokChatPayload"/>. Pure and thread-safe.
/// </summary>
public static class GrokImageEdit
{
    /// <summary>The upstream <c>modelName</c> of an edit: <c>imagine-image-edit</c>.</summary>
    public const string ModelName = "imagine-image-edit";

    /// <summary><c>modelMap.imageEditModel</c>: <c>imagine</c>.</summary>
    public const string ImageEditModel = "imagine";

    /// <summary>The most images one conversation call yields (the body's <c>imageGenerationCount</c>).</summary>
    public const int ImagesPerCall = GrokChatPayload.ImageGenerationCount;

    /// <summary>How many conversation calls <paramref name="count"/> images take: one per <see cref="ImagesPerCall"/>.</summary>
    /// <param name="count">Images asked for, at least 1.</param>
    public static int CallsFor(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (count + ImagesPerCall - 1) / ImagesPerCall;
    }

    /// <summary>The body options of one edit call.</summary>
    /// <param name="prompt">The edit instruction, sent as <c>message</c>.</param>
    /// <param name="imageReferences">The absolute assets URLs of the source images, in order; at least one.</param>
    /// <param name="parentPostId">The media post of the first image; null leaves <c>parentPostId</c> out.</param>
    /// <param name="temporary"><c>app.temporary</c>.</param>
    /// <param name="disableMemory"><c>app.disable_memory</c>.</param>
    public static GrokChatPayloadOptions PayloadOptions(string prompt, IReadOnlyList<string> imageReferences, string? parentPostId, bool temporary, bool disableMemory)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(imageReferences);
        if (imageReferences.Count == 0)
        {
            throw new ArgumentException("An edit needs at least one image.", nameof(imageReferences));
        }

        var references = new JsonArray();
        foreach (var url in imageReferences)
        {
            references.Add(url);
        }

        var config = new JsonObject { ["imageReferences"] = references };
        if (parentPostId is { Length: > 0 })
        {
            config["parentPostId"] = parentPostId;
        }

        return new GrokChatPayloadOptions
        {
            Message = prompt,
            ModelName = ModelName,
            ModelMode = null,
            Temporary = temporary,
            DisableMemory = disableMemory,
            ToolOverrides = new JsonObject { ["imageGen"] = true },
            ModelConfigOverride = new JsonObject
            {
                ["modelMap"] = new JsonObject
                {
                    ["imageEditModel"] = ImageEditModel,
                    ["imageEditModelConfig"] = config,
                },
            },
        };
    }

    /// <summary>
    /// The absolute assets URL of an uploaded file: <c>{assets}/&lt;fileUri&gt;</c>, with exactly one
    /// slash between them whatever either side carries.
    /// </summary>
    /// <param name="assetsUrl"><c>upstream.assets_url</c>.</param>
    /// <param name="fileUri">The upload's <c>fileUri</c>, e.g. <c>users/&lt;uid&gt;/&lt;fileId&gt;/content</c>.</param>
    public static string AssetUrl(string assetsUrl, string fileUri)
    {
        ArgumentNullException.ThrowIfNull(assetsUrl);
        ArgumentNullException.ThrowIfNull(fileUri);
        if (fileUri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || fileUri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return fileUri;
        }

        return string.Concat(assetsUrl.TrimEnd('/'), "/", fileUri.TrimStart('/'));
    }

    /// <summary>The id of a finished image: its path's second-to-last segment (<c>users/u/generated/&lt;id&gt;/image.jpg</c>), or <c>image</c>.</summary>
    /// <param name="path">The relative asset path or absolute assets URL.</param>
    public static string ImageId(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return GrokImageNames.ImageId(path);
    }

    /// <summary>
    /// The post id an image's path names, for when the media post could not be created: the segment
    /// after <c>/generated/</c>, or the file id of an upload (<c>/users/&lt;uid&gt;/&lt;id&gt;/content</c>); null otherwise.
    /// </summary>
    /// <param name="imageUrl">An absolute assets URL or a relative asset path.</param>
    public static string? PostIdFromPath(string imageUrl)
    {
        ArgumentNullException.ThrowIfNull(imageUrl);
        var path = Uri.TryCreate(imageUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsolutePath
            : imageUrl;
        var cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            path = path[..cut];
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var generated = Array.IndexOf(segments, "generated");
        if (generated >= 0 && generated + 1 < segments.Length)
        {
            return Usable(segments[generated + 1]);
        }

        return segments is ["users", _, var id, "content"] ? Usable(id) : null;
    }

    private static string? Usable(string segment) =>
        segment.Length is > 0 and <= 128 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? segment : null;
}
