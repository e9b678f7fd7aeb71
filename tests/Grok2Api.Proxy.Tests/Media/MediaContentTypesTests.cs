using Grok2Api.Proxy.Media;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class MediaContentTypesTests
{
    public static TheoryData<byte[], string> Signatures => new()
    {
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], "image/jpeg" },
        { [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "image/png" },
        { "GIF89a\u0001\u0000"u8.ToArray(), "image/gif" },
        { "GIF87a"u8.ToArray(), "image/gif" },
        { "RIFF\u0010\u0000\u0000\u0000WEBPVP8 "u8.ToArray(), "image/webp" },
        { [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2'], "video/mp4" },
        { [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'], "video/mp4" },
        { [0, 0, 0, 0x1C, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'a', (byte)'v', (byte)'i', (byte)'f'], "image/avif" },
        { [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81], "video/webm" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Of_NameWithoutExtension_TheFirstBytesDecide(byte[] head, string expected)
    {
        Assert.Equal(expected, MediaContentTypes.Of(MediaKind.Image, "users-u1-f1-content", head));
        Assert.Equal(expected, MediaContentTypes.Of(MediaKind.Video, "users-u1-f1-content", head));
    }

    [Fact]
    public void Of_ContentAndExtensionDisagree_TheContentWins()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

        Assert.Equal("image/png", MediaContentTypes.Of(MediaKind.Image, "users-u-generated-i-image.jpg", png));
    }

    [Theory]
    [InlineData("a.jpg", "image/jpeg")]
    [InlineData("a.JPEG", "image/jpeg")]
    [InlineData("a.png", "image/png")]
    [InlineData("a.webp", "image/webp")]
    [InlineData("a.gif", "image/gif")]
    [InlineData("a.mp4", "video/mp4")]
    [InlineData("a.webm", "video/webm")]
    [InlineData("a.html", "application/octet-stream")]
    [InlineData("a.svg", "application/octet-stream")]
    [InlineData("content", "application/octet-stream")]
    public void Of_UnknownBytes_TheExtensionDecides(string name, string expected)
    {
        Assert.Equal(expected, MediaContentTypes.Of(MediaKind.Image, name, "<html><script>"u8));
    }

    [Theory]
    [InlineData("content")]
    [InlineData("clip.bin")]
    public void Of_VideoCacheWithNothingToGoBy_IsMp4AsTheOriginalServedIt(string name)
    {
        Assert.Equal("video/mp4", MediaContentTypes.Of(MediaKind.Video, name, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Sniff_ShortOrEmptyHead_IsNull()
    {
        Assert.Null(MediaContentTypes.Sniff([]));
        Assert.Null(MediaContentTypes.Sniff([0xFF, 0xD8]));
        Assert.Null(MediaContentTypes.Sniff("RIFF"u8));
        Assert.Null(MediaContentTypes.Sniff([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p']));
    }
}
