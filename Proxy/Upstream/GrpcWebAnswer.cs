using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// gRPC-web framing (docs/grok-protocol.md §15.1): building a request frame, and reading the status of an
/// answer from its trailer frame, falling back to the HTTP headers.
/// </summary>
internal static class GrpcWebAnswer
{
    private const byte TrailerFlag = 0x80;
    private const byte CompressedFlag = 0x01;
    private const int HeaderLength = 5;

    /// <summary>One uncompressed data frame: flag 0, the 4-byte big-endian length, then <paramref name="message"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>
    /// The gRPC status of an answer: from its trailer frame (base64-decoded first when the content type is
    /// grpc-web-text, or the body is base64 text), else from the headers. A compressed or truncated frame is an error.
    /// </summary>
    /// <param name="body">The answer body.</param>
    /// <param name="contentType">The answer's content type.</param>
    /// <param name="headerStatus">The <c>grpc-status</c> header, if any.</param>
    /// <param name="headerMessage">The <c>grpc-message</c> header, if any (URL-encoded).</param>
    public static GrpcWebStatus ReadStatus(ReadOnlySpan<byte> body, string? contentType, string? headerStatus, string? headerMessage)
    {
        byte[]? decoded = null;
        if (contentType?.Contains("grpc-web-text", StringComparison.OrdinalIgnoreCase) == true || LooksLikeBase64(body))
        {
            decoded = DecodeBase64(body);
            if (decoded is null)
            {
                return new GrpcWebStatus(null, null, "the gRPC-web text answer is not base64");
            }
        }

        var frames = decoded is null ? body : decoded;
        string? status = null;
        string? message = null;
        while (frames.Length >= HeaderLength)
        {
            var flag = frames[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(frames[1..]);
            if (length > (uint)(frames.Length - HeaderLength))
            {
                return new GrpcWebStatus(null, null, "a gRPC-web frame is cut short");
            }

            var payload = frames.Slice(HeaderLength, (int)length);
            if ((flag & CompressedFlag) != 0)
            {
                return new GrpcWebStatus(null, null, "a compressed gRPC-web frame is not supported");
            }

            if ((flag & TrailerFlag) != 0)
            {
                ReadTrailers(payload, ref status, ref message);
            }

            frames = frames[(HeaderLength + (int)length)..];
        }

        status ??= headerStatus;
        message ??= headerMessage is null ? null : Unescape(headerMessage);
        if (status is null)
        {
            return new GrpcWebStatus(null, message, null);
        }

        return int.TryParse(status.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? new GrpcWebStatus(code, message, null)
            : new GrpcWebStatus(null, message, "grpc-status is not a number");
    }

    /// <summary>The HTTP status a gRPC code amounts to: 16 → 401, 7 → 403, 8 → 429, 4 → 504, 14 → 503, others → 502.</summary>
    public static int HttpStatusOf(int code) => code switch
    {
        16 => 401,
        7 => 403,
        8 => 429,
        4 => 504,
        14 => 503,
        _ => 502,
    };

    /// <summary>A short name of a gRPC code, for error reasons.</summary>
    public static string NameOf(int code) => code switch
    {
        1 => "cancelled",
        2 => "unknown",
        3 => "invalid argument",
        4 => "deadline exceeded",
        5 => "not found",
        7 => "permission denied",
        8 => "resource exhausted",
        9 => "failed precondition",
        12 => "unimplemented",
        13 => "internal",
        14 => "unavailable",
        16 => "unauthenticated",
        _ => "grpc error",
    };

    private static void ReadTrailers(ReadOnlySpan<byte> payload, ref string? status, ref string? message)
    {
        foreach (var line in Encoding.UTF8.GetString(payload).Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "grpc-status")
            {
                status = value;
            }
            else if (key == "grpc-message")
            {
                message = Unescape(value);
            }
        }
    }

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    /// <summary>Whether the first 2 KiB are base64 text (a binary frame starts with 0x00 or 0x80, never a base64 character).</summary>
    private static bool LooksLikeBase64(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 2048)];
        if (head.IsEmpty)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (!(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'+' or (byte)'/' or (byte)'=' or (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> body)
    {
        // grpc-web-text may concatenate separately padded base64 chunks: decode chunk by chunk.
        var text = Encoding.ASCII.GetString(body).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
        using var output = new MemoryStream();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && text[end] != '=')
            {
                end++;
            }

            while (end < text.Length && text[end] == '=')
            {
                end++;
            }

            var chunk = text[start..end];
            var buffer = new byte[chunk.Length];
            if (!Convert.TryFromBase64String(chunk, buffer, out var written))
            {
                return null;
            }

            output.Write(buffer, 0, written);
            start = end;
        }

        return output.ToArray();
    }
}

/// <summary>The gRPC status of an answer.</summary>
/// <param name="Code">The <c>grpc-status</c>; null when the answer had none (success).</param>
/// <param name="Message">The <c>grpc-message</c>, URL-decoded.</param>
/// <param name="Error">Why the answer could not be read; null when it could.</param>
internal readonly record struct GrpcWebStatus(int? Code, string? Message, string? Error)
{
    /// <summary>Whether the call succeeded: readable, with <c>grpc-status</c> 0 or absent.</summary>
    public bool IsSuccess => Error is null && Code is null or 0;
}
