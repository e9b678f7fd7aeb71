using System.Text.Json;
using Grok2Api.Proxy.Images;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Images;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Proxy.Tests.Images;

public sealed class OpenAiImagesSurfaceTests
{
    [Fact]
    public async Task WriteFailureAsync_BlockedPrompt_400ContentPolicyViolationInOpenAiShape()
    {
        var surface = new OpenAiImagesSurface(Options(stream: false));
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await surface.WriteFailureAsync(context, new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "medium images only"));

        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("content_policy_violation", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WriteFailureAsync_RateLimited_429WithRetryAfter()
    {
        var surface = new OpenAiImagesSurface(Options(stream: true));
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await surface.WriteFailureAsync(context, new UpstreamFailure(UpstreamFailureKind.RateLimited, "429") { RetryAfter = TimeSpan.FromSeconds(7) });

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("7", context.Response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData(true, "text/event-stream; charset=utf-8")]
    [InlineData(false, "application/json; charset=utf-8")]
    public void WriteHeaders_StreamOrWhole_ContentType(bool stream, string contentType)
    {
        var surface = new OpenAiImagesSurface(Options(stream));
        var context = new DefaultHttpContext();
        using var writer = surface.CreateWriter(context);

        surface.WriteHeaders(context.Response, writer);

        Assert.IsType<ImageAnswerWriter>(writer);
        Assert.Equal(stream, writer.Streams);
        Assert.Equal(contentType, context.Response.ContentType);
    }

    private static ImageAnswerOptions Options(bool stream) => new() { Model = "grok-imagine-1.0", Created = 1, Stream = stream };
}
