using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>The markdown the translation writes for images and cards (upstream-protocol.md §2.6–2.7).</summary>
internal static class ChatTranslationMarkdown
{
    private const string AssetsOrigin = "https://assets.grok.com";

    /// <summary>Writes <c>![alt](url)</c> as UTF-8.</summary>
    public static void WriteImage(PooledBuffer into, string alt, string url)
    {
        into.Clear();
        into.Append("!["u8);
        Append(into, alt);
        into.Append("]("u8);
        Append(into, url);
        into.Append((byte)')');
    }

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

    private static void Append(PooledBuffer into, string text)
    {
        var span = into.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        into.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
