using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok;
using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Transforms.Tests.Grok.Imagine;

public sealed class ImagineMessageTests
{
    private static readonly string PngBase64 = "iVBORw0KGgo" + new string('A', 100);

    [Fact]
    public void Build_TheOneMessage_AsTheProtocolNotesSay()
    {
        var id = Guid.Parse("8b0f4d3c-1111-4222-8333-444455556666");

        var message = ImagineMessageBuilder.Build(id, "a \"quoted\" cat", "16:9", enableNsfw: true, timestampMs: 1_700_000_000_123);

        using var doc = JsonDocument.Parse(message);
        var root = doc.RootElement;
        Assert.Equal("conversation.item.create", root.GetProperty("type").GetString());
        Assert.Equal(1_700_000_000_123, root.GetProperty("timestamp").GetInt64());
        var item = root.GetProperty("item");
        Assert.Equal("message", item.GetProperty("type").GetString());
        var content = Assert.Single(item.GetProperty("content").EnumerateArray());
        Assert.Equal("8b0f4d3c-1111-4222-8333-444455556666", content.GetProperty("requestId").GetString());
        Assert.Equal("a \"quoted\" cat", content.GetProperty("text").GetString());
        Assert.Equal("input_text", content.GetProperty("type").GetString());
        var properties = content.GetProperty("properties");
        Assert.Equal(
            """{"section_count":0,"is_kids_mode":false,"enable_nsfw":true,"skip_upsampler":false,"is_initial":false,"aspect_ratio":"16:9"}""",
            properties.GetRawText());
    }

    [Theory]
    [InlineData("preview", 4_000, ".png", GeneratedImageStage.Preview)]
    [InlineData("medium", 40_000, ".png", GeneratedImageStage.Medium)]
    [InlineData("final-by-size", 106_668, ".png", GeneratedImageStage.Final)]
    [InlineData("final-by-url", 10, ".jpg", GeneratedImageStage.Final)]
    [InlineData("final-by-jpeg", 10, ".JPEG", GeneratedImageStage.Final)]
    public void Read_Image_StageByUrlAndBlobLength(string id, int length, string extension, GeneratedImageStage stage)
    {
        var blob = new string('A', length);
        var frame = Read($$"""{"type":"image","url":"https://assets.grok.com/images/{{id}}{{extension}}","blob":"{{blob}}","percentage_complete":50}""");

        Assert.Equal(ImagineFrameKind.Image, frame.Kind);
        Assert.Equal(id, frame.ImageId);
        Assert.Equal(stage, frame.Stage);
        Assert.Equal(length, frame.Blob.Length);
    }

    [Fact]
    public void Read_DataUriBlob_PrefixStrippedMediaTypeTaken()
    {
        var frame = Read($$"""{"type":"image","url":"https://x/images/abc.png","blob":"data:image/webp;base64,{{PngBase64}}"}""");

        Assert.Equal("image/webp", frame.MediaType);
        Assert.Equal(PngBase64, Encoding.ASCII.GetString(frame.Blob.Span));
    }

    [Theory]
    [InlineData("iVBORw0KGgoAAAA", "image/png")]
    [InlineData("/9j/4AAQSkZJRg", "image/jpeg")]
    [InlineData("UklGRiQAAABXRUJQ", "image/webp")]
    public void Read_BareBlob_MediaTypeByTheBase64Start(string blob, string mediaType) =>
        Assert.Equal(mediaType, Read($$"""{"type":"image","url":"https://x/images/abc.png","blob":"{{blob}}"}""").MediaType);

    [Fact]
    public void Read_EscapedBlob_Unescaped()
    {
        var frame = Read("""{"type":"image","url":"https:\/\/x\/images\/abc.jpg","blob":"\/9j\/4AAQ"}""");

        Assert.Equal("abc", frame.ImageId);
        Assert.Equal("/9j/4AAQ", Encoding.ASCII.GetString(frame.Blob.Span));
        Assert.Equal("image/jpeg", frame.MediaType);
    }

    [Fact]
    public void Read_UnescapedBlob_IsASliceOfTheMessageNotACopy()
    {
        var message = Encoding.UTF8.GetBytes("""{"type":"image","url":"https://x/images/abc.png","blob":"AAAA"}""");

        var frame = ImagineMessageReader.Read(message, ImagineStageThresholds.Default);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.Blob, out var segment));
        Assert.Same(message, segment.Array);
    }

    [Theory]
    [InlineData("""{"type":"image","url":"https://x/images/a b.png","blob":"AAAA"}""")]
    [InlineData("""{"type":"image","url":"https://x/images/.png","blob":"AAAA"}""")]
    [InlineData("""{"type":"image","url":"https://x/images/ok.png","blob":"AA\"AA"}""")]
    [InlineData("""{"type":"image","url":"https://x/images/ok.png","blob":"data:image/png;base64"}""")]
    [InlineData("""{"type":"image","url":"https://x/images/ok.png"}""")]
    [InlineData("""{"type":"image","blob":"AAAA"}""")]
    [InlineData("""{"type":"unknown"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":"image",""")]
    [InlineData("not json")]
    public void Read_UnusableMessages_Ignored(string message) => Assert.Equal(ImagineFrameKind.Other, Read(message).Kind);

    [Fact]
    public void Read_ErrorAndStatus()
    {
        var error = Read("""{"type":"error","err_code":"rate_limit_exceeded","err_msg":"slow down"}""");
        Assert.Equal((ImagineFrameKind.Error, "rate_limit_exceeded", "slow down"), (error.Kind, error.ErrorCode, error.ErrorMessage));

        var status = Read("""{"type":"json","current_status":"completed","moderated":true,"ids":["a"]}""");
        Assert.Equal((ImagineFrameKind.Status, "completed", true), (status.Kind, status.Status, status.Moderated));
    }

    [Theory]
    [InlineData("rate_limit_exceeded", null, UpstreamFailureKind.RateLimited)]
    [InlineData("x", "Too many requests", UpstreamFailureKind.RateLimited)]
    [InlineData("content_moderated", null, UpstreamFailureKind.ContentBlocked)]
    [InlineData("internal_error", "boom", UpstreamFailureKind.StreamError)]
    [InlineData(null, null, UpstreamFailureKind.StreamError)]
    public void Errors_Classified(string? code, string? message, UpstreamFailureKind kind) =>
        Assert.Equal(kind, ImagineErrors.ToFailure(code, message).Kind);

    [Fact]
    public void Errors_DetailHoldsOnlyACleanCode()
    {
        var failure = ImagineErrors.ToFailure("bad<script>" + new string('x', 200), "secret token sso=abc");

        Assert.DoesNotContain("<", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sso=", failure.Detail, StringComparison.Ordinal);
        Assert.True(failure.Detail.Length < 100);
    }

    [Fact]
    public void Socket_ListenUriAndHandshakeHeaders()
    {
        var urls = new GrokUpstreamUrls("https://grok.example/prefix", "https://assets.example", "https://accounts.example");

        Assert.Equal("wss://grok.example/prefix/ws/imagine/listen", ImagineSocket.ListenUri(urls).ToString());
        Assert.Equal("ws://127.0.0.1:5380/ws/imagine/listen", ImagineSocket.ListenUri(new GrokUpstreamUrls("http://127.0.0.1:5380", "http://a", "http://b")).ToString());

        var headers = ImagineSocket.HandshakeHeaders(urls, new GrokClientProfile("UA/1", "cf", "statsig-must-not-go"), "tok");
        Assert.Equal(["Origin", "User-Agent", "Accept-Language", "Cache-Control", "Pragma", "Cookie"], headers.Select(h => h.Key));
        Assert.Equal("https://grok.example", headers[0].Value);
        Assert.Equal("sso=tok; sso-rw=tok;cf_clearance=cf", headers[5].Value);
        Assert.DoesNotContain(headers, h => h.Value.Contains("statsig", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => ImagineSocket.HandshakeHeaders(urls, new GrokClientProfile("UA\n", "", ""), "tok"));
    }

    private static ImagineFrame Read(string message) => ImagineMessageReader.Read(Encoding.UTF8.GetBytes(message), ImagineStageThresholds.Default);
}

public sealed class ImagineCollectorTests
{
    [Fact]
    public void Stream_FirstIdsTakeThePlaces_StagesReportedOnceForward()
    {
        var collector = new ImagineCollector(2, placesOnFirstSight: true);

        Assert.Equal(0, collector.Accept("a", GeneratedImageStage.Preview));
        Assert.Equal(1, collector.Accept("b", GeneratedImageStage.Preview));
        Assert.Equal(-1, collector.Accept("c", GeneratedImageStage.Preview));
        Assert.Equal(-1, collector.Accept("a", GeneratedImageStage.Preview));
        Assert.Equal(0, collector.Accept("a", GeneratedImageStage.Medium));
        Assert.True(collector.MediumWithoutFinal);
        Assert.Equal(-1, collector.Accept("c", GeneratedImageStage.Final));
        Assert.Equal(0, collector.Accept("a", GeneratedImageStage.Final));
        Assert.Equal(-1, collector.Accept("a", GeneratedImageStage.Medium));
        Assert.False(collector.MediumWithoutFinal);
        Assert.False(collector.Done);
        Assert.Equal(1, collector.Accept("b", GeneratedImageStage.Final));
        Assert.True(collector.Done);
        Assert.Equal(0, collector.Missing);
    }

    [Fact]
    public void WholeAnswer_PlacesInTheOrderFinalsArrive_AnImageThatNeverFinishesHoldsNone()
    {
        var collector = new ImagineCollector(2, placesOnFirstSight: false);

        Assert.Equal(-1, collector.Accept("a", GeneratedImageStage.Preview));
        Assert.Equal(-1, collector.Accept("b", GeneratedImageStage.Medium));
        Assert.Equal(-1, collector.Accept("c", GeneratedImageStage.Medium));
        Assert.True(collector.MediumWithoutFinal);
        Assert.Equal(0, collector.Accept("c", GeneratedImageStage.Final));
        Assert.True(collector.MediumWithoutFinal);
        Assert.Equal(1, collector.Accept("d", GeneratedImageStage.Final));
        Assert.True(collector.Done);
        Assert.Equal(-1, collector.Accept("b", GeneratedImageStage.Final));
        Assert.Equal(2, collector.Finals);
    }

    [Fact]
    public void Thresholds_AsConfigured()
    {
        var thresholds = new ImagineStageThresholds(10, 20);

        Assert.Equal(GeneratedImageStage.Preview, thresholds.Classify(false, 10));
        Assert.Equal(GeneratedImageStage.Medium, thresholds.Classify(false, 11));
        Assert.Equal(GeneratedImageStage.Medium, thresholds.Classify(false, 20));
        Assert.Equal(GeneratedImageStage.Final, thresholds.Classify(false, 21));
        Assert.Equal(GeneratedImageStage.Final, thresholds.Classify(true, 1));
    }
}

public sealed class ImagineEscapedBlobTests
{
    [Fact]
    public void Read_EscapedBlobWithScratch_UnescapedIntoTheScratch_NoFreshArray()
    {
        using var scratch = new Grok2Api.Transforms.Buffers.PooledBuffer(16);
        var message = Encoding.UTF8.GetBytes("""{"type":"image","url":"https://x/images/abc.jpg","blob":"\/9j\/4A\u002BQ"}""");

        var frame = ImagineMessageReader.Read(message, ImagineStageThresholds.Default, scratch);

        Assert.Equal("/9j/4A+Q", Encoding.ASCII.GetString(frame.Blob.Span));
        Assert.Equal("/9j/4A+Q", Encoding.ASCII.GetString(scratch.WrittenSpan));
        Assert.Equal(GeneratedImageStage.Final, frame.Stage);
    }
}
