using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using OpenAI.Images;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>
/// <c>POST /v1/images/generations</c> with the official OpenAI SDK's <see cref="ImageClient"/>, over real
/// Kestrel in front of the simulator's Imagine WebSocket: the images returned are byte for byte the
/// simulator's final images, inline or through the media cache.
/// </summary>
public sealed class ImageGenerationSdkTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(8, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(8, true)]
    public async Task Generate_NImages_BytesAreTheSimulatorsFinals(int n, bool url)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);

        GeneratedImageCollection images = await ImageTestKit.Sdk(env).GenerateImagesAsync("a red fox in the snow", n, new ImageGenerationOptions
        {
            ResponseFormat = url ? GeneratedImageFormat.Uri : GeneratedImageFormat.Bytes,
            Size = GeneratedImageSize.W1792xH1024,
            Quality = GeneratedImageQuality.High,
        }, ct).WaitAsync(ImageTestKit.Bound, ct);

        Assert.Equal(n, images.Count);
        var finals = ImageTestKit.SimulatorFinals(env.Simulator);
        var seen = new HashSet<string>();
        foreach (var image in images)
        {
            byte[] bytes;
            if (url)
            {
                Assert.Null(image.ImageBytes);
                Assert.Contains("/v1/files/image/imagine-", image.ImageUri!.AbsolutePath, StringComparison.Ordinal);
                bytes = await ImageTestKit.DownloadAsync(env, image.ImageUri, ct);
            }
            else
            {
                Assert.Null(image.ImageUri);
                bytes = image.ImageBytes!.ToArray();
            }

            var base64 = Convert.ToBase64String(bytes);
            Assert.Contains(base64, finals);
            Assert.True(seen.Add(base64), "an image came twice");
        }

        var sessions = env.Simulator.Imagine.Received;
        Assert.Equal((n + 5) / 6, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(("a red fox in the snow", "3:2", false), (s.Prompt, s.AspectRatio, s.EnableNsfw)));
        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, token, ChatEnvironment.DefaultQuota);
    }

    [Fact]
    public async Task Handshake_CarriesCookieUserAgentAndOrigin_NoForgedValues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);

        await ImageTestKit.Sdk(env).GenerateImageAsync("a lighthouse", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes }, ct).WaitAsync(ImageTestKit.Bound, ct);

        var handshake = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ImagineListen);
        Assert.Equal(token, handshake.Token);
        Assert.Equal(env.Simulator.BaseUrl, handshake.Headers["Origin"]);
        Assert.StartsWith("Mozilla/5.0", handshake.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal("no-cache", handshake.Headers["Cache-Control"]);
        Assert.False(handshake.Headers.ContainsKey("x-statsig-id"));
        Assert.False(handshake.Headers.ContainsKey("x-xai-request-id"));
        Assert.False(handshake.Headers.ContainsKey("Sec-WebSocket-Protocol"));
        Assert.Equal("1:1", Assert.Single(env.Simulator.Imagine.Received).AspectRatio);
    }
}
