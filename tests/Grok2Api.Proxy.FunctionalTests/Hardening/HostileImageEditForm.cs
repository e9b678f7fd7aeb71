using System.Text;
using CsCheck;

namespace Grok2Api.Proxy.FunctionalTests.Hardening;

/// <summary>
/// Hostile multipart requests to <c>POST /v1/images/edits</c> and <c>POST /v1/videos</c>: forms built from
/// random parts (the edit's and the video's fields with good and bad values, unknown and odd names, images of every accepted type, GIFs, junk
/// and empty files, parts without or with a wrong Content-Disposition), boundaries that match or
/// not, bodies cut anywhere, and sometimes no boundary at all. Some are valid edits, which the
/// simulator answers.
/// </summary>
internal static class HostileImageEditForm
{
    private static readonly string[] Names =
    [
        "prompt", "prompt", "image", "image", "image[]", "n", "size", "response_format", "stream", "model", "mask",
        "quality", "style", "input_reference", "seconds", "", "\u00e9t\u00e9", "a\"b", new string('n', 300),
    ];

    private static readonly string[] Values =
    [
        "make it blue", "x", "", " ", "1", "2", "0", "11", "-1", "two", "99999999999999999999", "true", "false", "yes",
        "1024x1024", "640x480", "16:9", "b64_json", "base64", "url", "png", "grok-imagine-1.0-edit", "dall-e-2",
        "\u0000", "\ud83d\ude00", new string('v', 5000),
    ];

    private static readonly byte[][] Files =
    [
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3],
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 1, 2],
        [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBP"u8, 1],
        [.. "GIF89a"u8, 1, 0],
        [],
        [.. "--b\r\n"u8],
        [.. "not an image"u8],
    ];

    private static readonly Gen<byte[]> Part = Gen.Frequency(
        (5, Gen.Select(Gen.OneOf(Names), Gen.OneOf(Values), (name, value) => Utf8($"Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}"))),
        (4, Gen.Select(Gen.OneOf(Names), Gen.OneOf(Files), Gen.OneOf("image/png", "application/octet-stream", "text/plain"), (name, file, type) =>
            (byte[])[.. Utf8($"Content-Disposition: form-data; name=\"{name}\"; filename=\"f.png\"\r\nContent-Type: {type}\r\n\r\n"), .. file])),
        (1, Gen.Byte.Array[0, 64].Select(bytes => (byte[])[.. "Content-Disposition: form-data; name=image; filename=x\r\n\r\n"u8, .. bytes])),
        (1, Gen.OneOf(
            Utf8("Content-Disposition: attachment; name=\"prompt\"\r\n\r\nx"),
            Utf8("X-Other: 1\r\n\r\nx"),
            Utf8("Content-Disposition: form-data\r\n\r\nno name"),
            Utf8("Content-Disposition: form-data; name=prompt; filename*=utf-8''%FF\r\n\r\nx"),
            Utf8("Content-Disposition: form-data; name=image; filename*\r\n\r\nx"),
            Utf8("Content-Disposition: " + new string('h', 20_000) + "\r\n\r\nx"),
            [0xFF, 0xFE, 0x0D, 0x0A, 0x0D, 0x0A])));

    private static readonly byte[] ValidImage =
        [.. Utf8("Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"), .. Files[0]];

    private static readonly string?[] ContentTypes =
    [
        "multipart/form-data; boundary=b", "multipart/form-data; boundary=b", "multipart/form-data; boundary=b",
        "multipart/form-data; boundary=\"b\"", "multipart/form-data; boundary=other", "multipart/form-data",
        "multipart/form-data; boundary=" + new string('b', 300), "multipart/mixed; boundary=b", null,
    ];

    /// <summary>Hostile image edits.</summary>
    public static Gen<HostileRequest> Requests { get; } = For("/v1/images/edits");

    /// <summary>Hostile multipart video creates.</summary>
    public static Gen<HostileRequest> VideoRequests { get; } = For("/v1/videos");

    private static Gen<HostileRequest> For(string path) =>
        CsCheck.Gen.Select(
            CsCheck.Gen.Frequency(
                (7, Part.Array[0, 8]),
                // A valid edit (prompt and a PNG) with at most two random parts more: often still valid.
                (3, Part.Array[0, 2].Select(extra => (byte[][])[Utf8("Content-Disposition: form-data; name=\"prompt\"\r\n\r\nmake it blue"), ValidImage, .. extra]))),
            CsCheck.Gen.OneOf(ContentTypes),
            CsCheck.Gen.Frequency((6, CsCheck.Gen.Const(-1)), (2, CsCheck.Gen.Int[0, 4000])),
            CsCheck.Gen.OneOf("--b--\r\n", "--b--", "--b", "", "--b--\r\ntrailing epilogue"),
            (parts, contentType, cut, end) =>
            {
                var body = new List<byte>();
                foreach (var part in parts)
                {
                    body.AddRange("--b\r\n"u8.ToArray());
                    body.AddRange(part);
                    body.AddRange("\r\n"u8.ToArray());
                }

                body.AddRange(Encoding.ASCII.GetBytes(end));
                var bytes = body.ToArray();
                if (cut >= 0 && cut < bytes.Length)
                {
                    bytes = bytes[..cut];
                }

                return new HostileRequest("POST", path, contentType, null, null, bytes);
            });

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
