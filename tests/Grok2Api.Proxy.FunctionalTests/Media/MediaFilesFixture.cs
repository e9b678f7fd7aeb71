using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Media;

/// <summary>
/// The real gateway on Kestrel over a DATA_DIR whose media cache holds an image, a video, an upload
/// named without an extension (as upload asset paths end in <c>content</c>) and a file the original
/// project handed out a nested link to; next to the cache lie secrets that no /v1/files request may reach.
/// An API key is configured, to show that /v1/files needs none.
/// </summary>
public sealed class MediaFilesFixture : IAsyncLifetime
{
    public const string Secret = "SECRET-7f3c9e1d-not-for-clients";
    public const string ApiKey = "sk-media-files-key";
    public const string Image = "users-u1-generated-i1-image.png";
    public const string Video = "users-u1-generated-v1-generated_video.mp4";
    public const string Upload = "users-u1-3c5e7a90-1111-4222-8333-444455556666-content";
    public const string UploadInVideo = "users-u1-0f0e0d0c-1111-4222-8333-444455556666-content";

    private readonly TempDirectory _data = new();

    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>The image: a PNG signature, then 256 KiB of a pattern, so any slice is recognisable.</summary>
    public static byte[] ImageBytes { get; } =
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 31 + (i >> 8)))];

    /// <summary>An MP4 signature and 64 KiB.</summary>
    public static byte[] VideoBytes { get; } =
        [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', .. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7))];

    /// <summary>A JPEG signature and a little more.</summary>
    public static byte[] UploadBytes { get; } = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, 0xFF, 0xD9];

    public string DataDirectory => _data.Path;

    public string ImageDirectory => Path.Combine(_data.Path, "tmp", "image");

    public string VideoDirectory => Path.Combine(_data.Path, "tmp", "video");

    public async ValueTask InitializeAsync()
    {
        DataDirectoryFiles.WriteConfig(_data.Path, $"""
            # {Secret}
            [app]
            api_key = "{ApiKey}"
            app_url = ""
            """);
        Directory.CreateDirectory(ImageDirectory);
        Directory.CreateDirectory(VideoDirectory);
        File.WriteAllBytes(Path.Combine(ImageDirectory, Image), ImageBytes);
        File.WriteAllBytes(Path.Combine(VideoDirectory, Video), VideoBytes);
        File.WriteAllBytes(Path.Combine(ImageDirectory, Upload), UploadBytes);
        File.WriteAllBytes(Path.Combine(VideoDirectory, UploadInVideo), VideoBytes);
        File.WriteAllText(Path.Combine(_data.Path, "tmp", "secret.png"), Secret);
        File.WriteAllText(Path.Combine(ImageDirectory, ".secret"), Secret);
        Directory.CreateDirectory(Path.Combine(ImageDirectory, "nested"));
        File.WriteAllText(Path.Combine(ImageDirectory, "nested", "secret.png"), Secret);
        Gateway = await GatewayHost.StartAsync(_data.Path, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
    }
}
