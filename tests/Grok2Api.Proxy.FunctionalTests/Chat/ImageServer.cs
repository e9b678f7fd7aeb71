using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>A loopback HTTP server with one image at <see cref="ImageUri"/>; counts every request it gets.</summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly LoopbackApp _app;
    private int _hits;

    private ImageServer(LoopbackApp app, byte[] image)
    {
        _app = app;
        Image = image;
    }

    public byte[] Image { get; }

    public Uri ImageUri => new(_app.BaseAddress, "/images/cat.png");

    public Uri BaseAddress => _app.BaseAddress;

    /// <summary>Requests received, on any path.</summary>
    public int Hits => Volatile.Read(ref _hits);

    public static async Task<ImageServer> StartAsync(byte[] image, CancellationToken cancellationToken)
    {
        ImageServer? server = null;
        var app = await LoopbackApp.StartAsync(web =>
        {
            web.Use((context, next) =>
            {
                Interlocked.Increment(ref server!._hits);
                return next(context);
            });
            web.MapGet("/images/cat.png", () => Results.Bytes(image, "image/png"));
        }, cancellationToken);
        server = new ImageServer(app, image);
        return server;
    }

    /// <summary>A PNG signature followed by random bytes: content no encoder would reproduce by accident.</summary>
    public static byte[] RandomPng(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
