using System.Net;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator.Imagine;

namespace Grok2Api.Proxy.FunctionalTests.Images;

/// <summary>
/// Streamed generation (n 1 or 2), read as raw SSE (the SDK has no image streaming): named
/// <c>image_generation.partial_image</c> events for the preview and medium stages, then
/// <c>image_generation.completed</c> with the simulator's final bytes; the stream ends with a final event.
/// </summary>
public sealed class ImageStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Stream_PartialsThenCompleted_FinalBytesAreTheSimulators(int n)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        var token = await env.AddTokenAsync(ct);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(n, stream: true), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ImageTestKit.Events(await response.Content.ReadAsStringAsync(ct));
        var session = Assert.Single(env.Simulator.Imagine.Received);
        Assert.Equal(3 * n, events.Count);
        for (var index = 0; index < n; index++)
        {
            var own = events.Where(e => e.Data.GetProperty("index").GetInt32() == index).ToList();
            Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], own.Select(e => e.Name));
            Assert.Equal([0, 1], own.Take(2).Select(e => e.Data.GetProperty("partial_image_index").GetInt32()));
            Assert.Equal("png", own[0].Data.GetProperty("output_format").GetString());
            Assert.Equal(Convert.ToBase64String(ImagineImages.Preview(session.ImageIds[index])), own[0].Data.GetProperty("b64_json").GetString());
            var completed = own[2].Data;
            Assert.Equal("image_generation.completed", completed.GetProperty("type").GetString());
            Assert.Equal("jpeg", completed.GetProperty("output_format").GetString());
            Assert.Equal("1024x1024", completed.GetProperty("size").GetString());
            Assert.Equal(Convert.ToBase64String(ImagineImages.Final(session.ImageIds[index])), completed.GetProperty("b64_json").GetString());
        }

        Assert.Equal("image_generation.completed", events[^1].Name);
        await env.SettledAsync(ct);
        ImageTestKit.AssertCharged(env, token, ChatEnvironment.DefaultQuota);
    }

    [Fact]
    public async Task Stream_UrlFormat_EveryEventLinksACachedFile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1, format: "url", stream: true), ct);

        var events = ImageTestKit.Events(await response.Content.ReadAsStringAsync(ct));
        var id = Assert.Single(env.Simulator.Imagine.Received).ImageIds[0];
        Assert.Equal(3, events.Count);
        var completed = new Uri(events[2].Data.GetProperty("url").GetString()!);
        Assert.EndsWith($"/v1/files/image/imagine-{id}.jpg", completed.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(ImagineImages.Final(id), await ImageTestKit.DownloadAsync(env, completed, ct));
        var medium = new Uri(events[1].Data.GetProperty("url").GetString()!);
        Assert.Equal(ImagineImages.Medium(id), await ImageTestKit.DownloadAsync(env, medium, ct));
    }

    [Fact]
    public async Task Stream_MoreThanTwoImages_400NamingN()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings());
        await env.AddTokenAsync(ct);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(3, stream: true), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"param\":\"n\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Empty(env.Simulator.Requests);
    }
}
