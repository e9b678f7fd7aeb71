using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// Reads one Imagine text message (docs/grok-protocol.md §14.3) in one pass over its bytes, without
/// copying an image's base64 text unless the JSON string was escaped. Malformed JSON, unknown types
/// and images without a usable id are <see cref="ImagineFrame.Other"/> (ignored). Pure, thread-safe.
/// </summary>
public static class ImagineMessageReader
{
    /// <summary>The longest image id kept: longer ids are not ids (the frame is ignored).</summary>
    public const int MaxIdLength = 80;

    private const int MaxPrefixLength = 100;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    /// <summary>Reads a message; an escaped blob is unescaped into a fresh array.</summary>
    /// <param name="message">The whole text message, UTF-8.</param>
    /// <param name="thresholds">How the stage is told.</param>
    public static ImagineFrame Read(ReadOnlyMemory<byte> message, ImagineStageThresholds thresholds) => Read(message, thresholds, null);

    /// <summary>
    /// Reads a message; an escaped blob (e.g. <c>\u002B</c> for <c>+</c>) is unescaped into
    /// <paramref name="scratch"/>, which is cleared first, so a session that reuses one scratch buffer
    /// allocates nothing per message. The frame's blob is then valid until either buffer is reused.
    /// </summary>
    /// <param name="message">The whole text message, UTF-8.</param>
    /// <param name="thresholds">How the stage is told.</param>
    /// <param name="scratch">Where an escaped blob is unescaped, or null for a fresh array.</param>
    public static ImagineFrame Read(ReadOnlyMemory<byte> message, ImagineStageThresholds thresholds, PooledBuffer? scratch)
    {
        try
        {
            return ReadCore(message, thresholds, scratch);
        }
        catch (JsonException)
        {
            return ImagineFrame.Other;
        }
        catch (InvalidOperationException)
        {
            return ImagineFrame.Other;
        }
    }

    private static ImagineFrame ReadCore(ReadOnlyMemory<byte> message, ImagineStageThresholds thresholds, PooledBuffer? scratch)
    {
        var reader = new Utf8JsonReader(message.Span, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return ImagineFrame.Other;
        }

        string? type = null, url = null, errCode = null, errMsg = null, status = null;
        var moderated = false;
        ReadOnlyMemory<byte> blob = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escapedName = reader.ValueIsEscaped;
            if (!reader.Read())
            {
                return ImagineFrame.Other;
            }

            if (escapedName)
            {
                reader.TrySkip();
                continue;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                if (name.SequenceEqual("blob"u8))
                {
                    if (reader.ValueIsEscaped && scratch is not null)
                    {
                        scratch.Clear();
                        var written = reader.CopyString(scratch.GetSpan(reader.ValueSpan.Length));
                        scratch.Advance(written);
                        blob = scratch.WrittenMemory;
                    }
                    else if (reader.ValueIsEscaped)
                    {
                        var unescaped = new byte[reader.ValueSpan.Length];
                        blob = unescaped.AsMemory(0, reader.CopyString(unescaped));
                    }
                    else
                    {
                        blob = message.Slice(checked((int)reader.TokenStartIndex + 1), reader.ValueSpan.Length);
                    }
                }
                else if (name.SequenceEqual("type"u8))
                {
                    type = reader.GetString();
                }
                else if (name.SequenceEqual("url"u8))
                {
                    url = reader.GetString();
                }
                else if (name.SequenceEqual("err_code"u8))
                {
                    errCode = reader.GetString();
                }
                else if (name.SequenceEqual("err_msg"u8))
                {
                    errMsg = reader.GetString();
                }
                else if (name.SequenceEqual("current_status"u8))
                {
                    status = reader.GetString();
                }
            }
            else if (reader.TokenType == JsonTokenType.True && name.SequenceEqual("moderated"u8))
            {
                moderated = true;
            }
            else
            {
                reader.TrySkip();
            }
        }

        return type switch
        {
            "image" => Image(url, blob, thresholds),
            "error" => new ImagineFrame { Kind = ImagineFrameKind.Error, ErrorCode = errCode, ErrorMessage = errMsg },
            "json" => new ImagineFrame { Kind = ImagineFrameKind.Status, Status = status, Moderated = moderated },
            _ => ImagineFrame.Other,
        };
    }

    private static ImagineFrame Image(string? url, ReadOnlyMemory<byte> blob, ImagineStageThresholds thresholds)
    {
        if (url is null || IdOf(url) is not { } id || blob.IsEmpty)
        {
            return ImagineFrame.Other;
        }

        string? mediaType = null;
        var span = blob.Span;
        if (span.StartsWith("data:"u8))
        {
            var comma = span[..Math.Min(span.Length, MaxPrefixLength)].IndexOf((byte)',');
            if (comma < 0)
            {
                return ImagineFrame.Other;
            }

            var prefix = span[5..comma];
            var semicolon = prefix.IndexOf((byte)';');
            mediaType = KnownMediaType(semicolon < 0 ? prefix : prefix[..semicolon]);
            blob = blob[(comma + 1)..];
            span = blob.Span;
        }

        if (!GeneratedImage.IsBase64Text(span))
        {
            return ImagineFrame.Other;
        }

        mediaType ??= span.StartsWith("iVBORw0KGgo"u8) ? "image/png"
            : span.StartsWith("/9j/"u8) ? "image/jpeg"
            : span.StartsWith("UklGR"u8) ? "image/webp"
            : null;
        var path = url.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        var jpegUrl = path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
        mediaType ??= jpegUrl ? "image/jpeg" : path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        return new ImagineFrame
        {
            Kind = ImagineFrameKind.Image,
            ImageId = id,
            MediaType = mediaType,
            JpegUrl = jpegUrl,
            Blob = blob,
            Stage = thresholds.Classify(jpegUrl, blob.Length),
        };
    }

    private static string? KnownMediaType(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("image/png"u8) ? "image/png"
        : type.SequenceEqual("image/jpeg"u8) || type.SequenceEqual("image/jpg"u8) ? "image/jpeg"
        : type.SequenceEqual("image/webp"u8) ? "image/webp"
        : null;

    /// <summary>The image id in a URL <c>…/&lt;id&gt;.&lt;ext&gt;</c>: the last path segment without its extension, when it is a safe id.</summary>
    /// <param name="url">The message's URL.</param>
    public static string? IdOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
        {
            name = name[..dot];
        }

        if (name.IsEmpty || name.Length > MaxIdLength)
        {
            return null;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return null;
            }
        }

        return name.ToString();
    }
}
