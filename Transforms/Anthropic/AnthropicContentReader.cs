using System.Buffers.Text;
using System.Text;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// Reads the media and text blocks of Anthropic message content into neutral parts: <c>text</c>;
/// <c>image</c> (a <c>base64</c> source with an image <c>media_type</c>, or a <c>url</c> source);
/// <c>document</c> (a <c>base64</c> PDF, a <c>url</c>, a plain <c>text</c> source, or a <c>content</c>
/// source of text and image blocks). File sources (the Files API) are refused: the gateway keeps no files.
/// Fields such as <c>cache_control</c>, <c>citations</c> and <c>context</c> are accepted and dropped.
/// </summary>
internal static class AnthropicContentReader
{
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];
    private static readonly string[] DocumentTypes = ["application/pdf"];

    public static AnthropicError? ReadText(JsonElement block, string path, out ConversationPart? part)
    {
        part = null;
        if (AnthropicJson.RequiredString(block, "text", path + ".text", out var text) is { } error)
        {
            return error;
        }

        part = new ConversationPart(ConversationPartKind.Text, text, null, null, path + ".text");
        return null;
    }

    private static AnthropicError? ReadImage(JsonElement block, string path, List<ConversationPart> parts)
    {
        if (ReadSource(block, path, out var source, out var sourcePath, out var type) is { } sourceError)
        {
            return sourceError;
        }

        switch (type)
        {
            case "base64":
                return ReadBase64(source, sourcePath, ImageTypes, "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'", ConversationPartKind.Image, null, parts);
            case "url":
                return ReadUrl(source, sourcePath, ConversationPartKind.Image, null, parts);
            case "file":
                return FileSource(sourcePath);
            default:
                return AnthropicJson.Invalid(sourcePath + ".type", $"Input should be 'base64' or 'url', not '{AnthropicJson.Echo(type)}'");
        }
    }

    private static AnthropicError? ReadDocument(JsonElement block, string path, List<ConversationPart> parts)
    {
        string? title = null;
        if (AnthropicJson.TryGet(block, "title", out var titleValue))
        {
            if (AnthropicJson.String(titleValue, path + ".title", out var text) is { } titleError)
            {
                return titleError;
            }

            title = string.IsNullOrWhiteSpace(text) ? null : text;
        }

        if (ReadSource(block, path, out var source, out var sourcePath, out var type) is { } sourceError)
        {
            return sourceError;
        }

        switch (type)
        {
            case "base64":
                return ReadBase64(source, sourcePath, DocumentTypes, "'application/pdf'", ConversationPartKind.File, title, parts);
            case "url":
                return ReadUrl(source, sourcePath, ConversationPartKind.File, title, parts);
            case "text":
                if (AnthropicJson.RequiredString(source, "data", sourcePath + ".data", out var data) is { } dataError)
                {
                    return dataError;
                }

                parts.Add(new ConversationPart(ConversationPartKind.Text, data, null, null, sourcePath + ".data"));
                return null;
            case "content":
                return ReadDocumentContent(source, sourcePath, parts);
            case "file":
                return FileSource(sourcePath);
            default:
                return AnthropicJson.Invalid(sourcePath + ".type", $"Input should be 'base64', 'url', 'text' or 'content', not '{AnthropicJson.Echo(type)}'");
        }
    }

    /// <summary>
    /// Reads a <c>text</c>, <c>image</c> or (when <paramref name="documents"/>) <c>document</c> block of
    /// <paramref name="type"/> into <paramref name="parts"/>; false when the block is none of them, for the
    /// caller to take or refuse.
    /// </summary>
    public static bool TryReadBlock(JsonElement block, string type, string path, List<ConversationPart> parts, bool documents, out AnthropicError? error)
    {
        switch (type)
        {
            case "text":
                error = ReadText(block, path, out var part);
                if (part is not null)
                {
                    parts.Add(part);
                }

                return true;
            case "image":
                error = ReadImage(block, path, parts);
                return true;
            case "document" when documents:
                error = ReadDocument(block, path, parts);
                return true;
            default:
                error = null;
                return false;
        }
    }

    /// <summary>Text and image blocks (a document's content source, a tool result's content).</summary>
    public static AnthropicError? ReadTextAndImages(JsonElement blocks, string path, List<ConversationPart> parts, bool documents)
    {
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = AnthropicJson.Index(path, index++);
            if (AnthropicJson.TypedObject(block, blockPath, out var type) is { } typeError)
            {
                return typeError;
            }

            if (!TryReadBlock(block, type, blockPath, parts, documents, out var error))
            {
                error = AnthropicJson.Invalid(blockPath + ".type", $"Input should be {(documents ? "'text', 'image' or 'document'" : "'text' or 'image'")}, not '{AnthropicJson.Echo(type)}'");
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static AnthropicError? ReadDocumentContent(JsonElement source, string sourcePath, List<ConversationPart> parts)
    {
        var contentPath = sourcePath + ".content";
        if (!AnthropicJson.TryGet(source, "content", out var content))
        {
            return AnthropicJson.Missing(contentPath);
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            parts.Add(new ConversationPart(ConversationPartKind.Text, content.GetString(), null, null, contentPath));
            return null;
        }

        return content.ValueKind == JsonValueKind.Array
            ? ReadTextAndImages(content, contentPath, parts, documents: false)
            : AnthropicJson.WrongType(contentPath, "a string or an array", content.ValueKind);
    }

    private static AnthropicError FileSource(string sourcePath) =>
        AnthropicJson.Invalid(sourcePath + ".type", "'file' sources (the Files API) are not supported by this gateway; send the file as a 'base64' or 'url' source");

    // The block's required source object and its required type.
    private static AnthropicError? ReadSource(JsonElement block, string path, out JsonElement source, out string sourcePath, out string type)
    {
        type = string.Empty;
        sourcePath = path + ".source";
        return AnthropicJson.RequiredObject(block, "source", sourcePath, out source)
            ?? AnthropicJson.RequiredString(source, "type", sourcePath + ".type", out type);
    }

    // A base64 source: a media_type among mediaTypes (expected names them for the error), then the
    // payload, which becomes a data: URI, one copy of its bytes (never a UTF-16 string).
    private static AnthropicError? ReadBase64(JsonElement source, string sourcePath, string[] mediaTypes, string expected, ConversationPartKind kind, string? fileName, List<ConversationPart> parts)
    {
        if (AnthropicJson.RequiredString(source, "media_type", sourcePath + ".media_type", out var mediaType) is { } mediaError)
        {
            return mediaError;
        }

        if (Array.IndexOf(mediaTypes, mediaType) < 0)
        {
            return AnthropicJson.Invalid(sourcePath + ".media_type", $"Input should be {expected}, not '{AnthropicJson.Echo(mediaType)}'");
        }

        var dataPath = sourcePath + ".data";
        if (!AnthropicJson.TryGet(source, "data", out var data))
        {
            return AnthropicJson.Missing(dataPath);
        }

        if (data.ValueKind != JsonValueKind.String)
        {
            return AnthropicJson.WrongType(dataPath, "a string", data.ValueKind);
        }

        var payload = AnthropicJson.Utf8Of(data).Trim(" \t\r\n"u8);
        if (payload.StartsWith("data:"u8))
        {
            return AnthropicJson.Invalid(dataPath, "send the bare base64 payload, not a data: URI");
        }

        if (!Base64.IsValid(payload, out var decodedLength) || decodedLength == 0)
        {
            return AnthropicJson.Invalid(dataPath, "the data is not valid, non-empty standard base64");
        }

        var prefix = Encoding.ASCII.GetBytes("data:" + mediaType + ";base64,");
        var uri = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(uri, 0);
        payload.CopyTo(uri.AsSpan(prefix.Length));
        parts.Add(new ConversationPart(kind, MediaValue.FromUtf8(uri), fileName, dataPath));
        return null;
    }

    private static AnthropicError? ReadUrl(JsonElement source, string sourcePath, ConversationPartKind kind, string? fileName, List<ConversationPart> parts)
    {
        var urlPath = sourcePath + ".url";
        if (AnthropicJson.RequiredString(source, "url", urlPath, out var url) is { } error)
        {
            return error;
        }

        url = url.Trim();
        if (url.Length > 65_000
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || uri.Host.Length == 0)
        {
            return AnthropicJson.Invalid(urlPath, "Input should be an absolute http(s) URL");
        }

        parts.Add(new ConversationPart(kind, null, url, fileName, urlPath));
        return null;
    }
}
