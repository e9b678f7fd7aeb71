namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>Names the decoder gives the images of an answer: keys to show each once, alt texts.</summary>
internal static class GrokImageNames
{
    private const string AssetsOrigin = "https://assets.grok.com";

    /// <summary>A card title as alt text: newlines become spaces; "image" when missing.</summary>
    public static string CardTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "image";
        }

        return title.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
    }

    /// <summary>The image id of an asset path: its second-to-last segment (<c>users/u/generated/&lt;id&gt;/image.jpg</c>); "image" when there is none.</summary>
    public static string ImageId(string path)
    {
        var end = path.AsSpan();
        var cut = end.IndexOfAny('?', '#');
        end = (cut >= 0 ? end[..cut] : end).TrimEnd('/');
        var last = end.LastIndexOf('/');
        if (last <= 0)
        {
            return "image";
        }

        var parent = end[..last];
        var id = parent[(parent.LastIndexOf('/') + 1)..];
        return id.IsEmpty || id.Contains(':') ? "image" : id.ToString();
    }

    /// <summary>The key images are de-duplicated by: the path without the assets origin or a leading slash.</summary>
    public static string ImageKey(string path)
    {
        var key = path.Trim();
        if (key.StartsWith(AssetsOrigin, StringComparison.OrdinalIgnoreCase))
        {
            key = key[AssetsOrigin.Length..];
        }

        return key.TrimStart('/');
    }
}
