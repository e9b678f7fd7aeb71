namespace Grok2Api.Proxy.Attachments;

/// <summary>Upload names and media types of attachments.</summary>
internal static class AttachmentNames
{
    /// <summary>Default media type when nothing better is known.</summary>
    public const string OctetStream = "application/octet-stream";

    private const int MaxNameLength = 200;

    /// <summary>The original's name for a data URI: <c>file.&lt;subtype&gt;</c> (<c>image/jpeg</c> gives <c>file.jpeg</c>); <c>file.bin</c> for octet-stream.</summary>
    public static string ForMimeType(string mimeType)
    {
        var slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        if (mimeType == OctetStream)
        {
            return "file.bin";
        }

        var subtype = slash < 0 ? "" : Clean(mimeType[(slash + 1)..]);
        return subtype.Length == 0 ? "file.bin" : "file." + subtype;
    }

    /// <summary>
    /// A client-given name reduced to its last path segment without control characters, quotes or
    /// path separators, at most 200 characters; null when nothing usable is left.
    /// </summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new string([.. last.Where(c => !char.IsControl(c) && c is not '"' and not '<' and not '>')]).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            return null;
        }

        return cleaned.Length <= MaxNameLength ? cleaned : cleaned[^MaxNameLength..];
    }

    /// <summary>The name of a fetched URL: its last path segment (unescaped, sanitized), or <c>download</c>.</summary>
    public static string FromUrl(Uri url)
    {
        var path = url.AbsolutePath;
        var segment = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        return Sanitize(segment) ?? "download";
    }

    /// <summary>The media type of a file name by extension, or null.</summary>
    public static string? MimeTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        ".svg" => "image/svg+xml",
        ".heic" => "image/heic",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".mp3" => "audio/mpeg",
        ".wav" => "audio/wav",
        ".ogg" => "audio/ogg",
        ".m4a" => "audio/mp4",
        ".flac" => "audio/flac",
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".html" or ".htm" => "text/html",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".zip" => "application/zip",
        _ => null,
    };

    /// <summary>The media type of a file from this service's media cache (the original's rule: mp4 for videos, images by extension, JPEG otherwise).</summary>
    public static string MimeTypeOfCached(bool video, string name) => video
        ? "video/mp4"
        : Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".webp" => "image/webp",
            ".gif" => "image/gif",
            _ => "image/jpeg",
        };

    private static string Clean(string subtype) =>
        new([.. subtype.Trim().ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-')]);
}
