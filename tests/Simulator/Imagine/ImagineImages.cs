using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.Simulator.Imagine;

/// <summary>
/// The deterministic bytes of every simulated Imagine image: PNG previews (3,000 bytes, 4,000 base64
/// characters) and medium images (30,000 bytes, 40,000 characters), JPEG finals (80,000 bytes,
/// 106,668 characters), so a client tells the stages apart by the gateway's defaults of
/// <c>image.medium_min_bytes</c> (30000) and <c>image.final_min_bytes</c> (100000). Thread-safe.
/// </summary>
public static class ImagineImages
{
    /// <summary>Bytes of a preview image.</summary>
    public const int PreviewBytes = 3_000;

    /// <summary>Bytes of a medium image.</summary>
    public const int MediumBytes = 30_000;

    /// <summary>Bytes of a final image.</summary>
    public const int FinalBytes = 80_000;

    private static readonly byte[] PngStart = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegStart = [0xFF, 0xD8, 0xFF, 0xE0];

    /// <summary>The preview of image <paramref name="id"/> (PNG).</summary>
    public static byte[] Preview(string id) => Make(id, "preview", PreviewBytes, PngStart);

    /// <summary>The medium image of <paramref name="id"/> (PNG).</summary>
    public static byte[] Medium(string id) => Make(id, "medium", MediumBytes, PngStart);

    /// <summary>The final image of <paramref name="id"/> (JPEG): what a client must end up with.</summary>
    public static byte[] Final(string id) => Make(id, "final", FinalBytes, JpegStart);

    private static byte[] Make(string id, string stage, int length, byte[] start)
    {
        var bytes = new byte[length];
        start.CopyTo(bytes, 0);
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(stage + ":" + id));
        for (var offset = start.Length; offset < length; offset += seed.Length)
        {
            seed = SHA256.HashData(seed);
            seed.AsSpan(0, Math.Min(seed.Length, length - offset)).CopyTo(bytes.AsSpan(offset));
        }

        return bytes;
    }
}
