using System.Buffers;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Images;

namespace Grok2Api.Transforms.Tests.OpenAi.Images;

public sealed class ImageAnswerWriterTests
{
    private static readonly byte[] JpegBase64 = Encoding.ASCII.GetBytes(Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 250]));

    [Fact]
    public void Complete_WholeAnswer_DataInIndexOrderWithUrlOrB64JsonAndUsage()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: false, requested: 2), body);

        writer.GeneratedImage(GeneratedImage.WithBase64(1, "b", "image/jpeg", JpegBase64));
        writer.GeneratedImage(GeneratedImage.WithUrl(0, "a", "image/jpeg", "http://gw/v1/files/image/imagine-a.jpg"));
        writer.GeneratedImage(GeneratedImage.WithUrl(0, "a", "image/png", "http://gw/p.png", GeneratedImageStage.Medium));
        writer.Complete();

        using var doc = JsonDocument.Parse(body.WrittenMemory);
        var root = doc.RootElement;
        Assert.Equal(1_700_000_000, root.GetProperty("created").GetInt64());
        var data = root.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("http://gw/v1/files/image/imagine-a.jpg", data[0].GetProperty("url").GetString());
        Assert.False(data[0].TryGetProperty("b64_json", out _));
        Assert.Equal(Encoding.ASCII.GetString(JpegBase64), data[1].GetProperty("b64_json").GetString());
        Assert.True(root.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        Assert.False(root.TryGetProperty("partial_failure", out _));
    }

    [Fact]
    public void Complete_SomeImagesMissing_PartialFailureSaysHowMany()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: false, requested: 8), body);
        for (var i = 0; i < 6; i++)
        {
            writer.GeneratedImage(GeneratedImage.WithBase64(i, "id" + i, "image/jpeg", JpegBase64));
        }

        writer.ImagesMissing(2, "a session ended early");
        writer.Complete();

        using var doc = JsonDocument.Parse(body.WrittenMemory);
        Assert.Equal(6, doc.RootElement.GetProperty("data").GetArrayLength());
        var failure = doc.RootElement.GetProperty("partial_failure");
        Assert.Equal(8, failure.GetProperty("requested").GetInt32());
        Assert.Equal(2, failure.GetProperty("failed").GetInt32());
        Assert.Contains("2 of 8 images", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_PartialThenCompleted_NamedEventsAsOpenAiImageStreaming()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 1), body);

        writer.GeneratedImage(GeneratedImage.WithBase64(0, "a", "image/png", JpegBase64, GeneratedImageStage.Preview));
        writer.GeneratedImage(GeneratedImage.WithBase64(0, "a", "image/png", JpegBase64, GeneratedImageStage.Medium));
        writer.GeneratedImage(GeneratedImage.WithBase64(0, "a", "image/jpeg", JpegBase64));
        writer.Complete();

        var events = ParseSse(Encoding.UTF8.GetString(body.WrittenSpan));
        Assert.Equal(["image_generation.partial_image", "image_generation.partial_image", "image_generation.completed"], events.Select(e => e.Name));
        using var preview = JsonDocument.Parse(events[0].Data);
        Assert.Equal("image_generation.partial_image", preview.RootElement.GetProperty("type").GetString());
        Assert.Equal(0, preview.RootElement.GetProperty("partial_image_index").GetInt32());
        Assert.Equal("png", preview.RootElement.GetProperty("output_format").GetString());
        using var medium = JsonDocument.Parse(events[1].Data);
        Assert.Equal(1, medium.RootElement.GetProperty("partial_image_index").GetInt32());
        using var done = JsonDocument.Parse(events[2].Data);
        Assert.Equal(Encoding.ASCII.GetString(JpegBase64), done.RootElement.GetProperty("b64_json").GetString());
        Assert.Equal("jpeg", done.RootElement.GetProperty("output_format").GetString());
        Assert.Equal("1024x1024", done.RootElement.GetProperty("size").GetString());
        Assert.Equal(0, done.RootElement.GetProperty("index").GetInt32());
        Assert.True(done.RootElement.TryGetProperty("usage", out _));
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 0 })]
    [InlineData(2, new[] { 0, 1 })]
    [InlineData(3, new[] { 0, 1 })]
    public void Stream_PartialImages_SendsAtMostThatManyPartialsPerImage(int partialImages, int[] expectedIndexes)
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 2) with { PartialImages = partialImages }, body);

        for (var index = 0; index < 2; index++)
        {
            writer.GeneratedImage(GeneratedImage.WithBase64(index, "a", "image/png", JpegBase64, GeneratedImageStage.Preview));
            writer.GeneratedImage(GeneratedImage.WithBase64(index, "a", "image/png", JpegBase64, GeneratedImageStage.Medium));
            writer.GeneratedImage(GeneratedImage.WithBase64(index, "a", "image/jpeg", JpegBase64));
        }

        writer.Complete();

        var events = ParseSse(Encoding.UTF8.GetString(body.WrittenSpan));
        var partials = events.Where(e => e.Name == "image_generation.partial_image").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("partial_image_index").GetInt32()).ToList();
        Assert.Equal([.. expectedIndexes, .. expectedIndexes], partials);
        Assert.Equal(2, events.Count(e => e.Name == "image_generation.completed"));
    }

    [Fact]
    public void Stream_EditPrefix_EventsNamedImageEdit()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 1) with { EventPrefix = ImageAnswerOptions.EditEvents }, body);

        writer.GeneratedImage(GeneratedImage.WithUrl(0, "a", "image/jpeg", "http://gw/x.jpg"));
        writer.Complete();

        var completed = Assert.Single(ParseSse(Encoding.UTF8.GetString(body.WrittenSpan)));
        Assert.Equal("image_edit.completed", completed.Name);
        using var doc = JsonDocument.Parse(completed.Data);
        Assert.Equal("http://gw/x.jpg", doc.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public void Stream_ImageMissing_EndsWithErrorEventNamingTheCount()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 2), body);

        writer.GeneratedImage(GeneratedImage.WithBase64(0, "a", "image/jpeg", JpegBase64));
        writer.ImagesMissing(1, "blocked");
        writer.Complete();

        var events = ParseSse(Encoding.UTF8.GetString(body.WrittenSpan));
        Assert.Equal(["image_generation.completed", "error"], events.Select(e => e.Name));
        using var doc = JsonDocument.Parse(events[1].Data);
        Assert.Equal(ImageAnswerWriter.IncompleteCode, doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("1 of 2", doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_FailAfterPartial_OneErrorEventWithOpenAiError()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 1), body);

        writer.GeneratedImage(GeneratedImage.WithBase64(0, "a", "image/png", JpegBase64, GeneratedImageStage.Medium));
        writer.Fail(new UpstreamFailure(UpstreamFailureKind.ContentBlocked, "no final image after a medium one"));

        var events = ParseSse(Encoding.UTF8.GetString(body.WrittenSpan));
        Assert.Equal(["image_generation.partial_image", "error"], events.Select(e => e.Name));
        using var doc = JsonDocument.Parse(events[1].Data);
        Assert.Equal("content_policy_violation", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Stream_CompleteWithoutAnyImage_StillEndsWithAFinalErrorEvent()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: true, requested: 1), body);

        writer.Complete();

        Assert.Equal("error", Assert.Single(ParseSse(Encoding.UTF8.GetString(body.WrittenSpan))).Name);
    }

    [Fact]
    public void Fail_WholeAnswer_Throws()
    {
        using var writer = new ImageAnswerWriter(Options(stream: false, requested: 1), new ArrayBufferWriter<byte>());

        Assert.Throws<InvalidOperationException>(() => writer.Fail(new UpstreamFailure(UpstreamFailureKind.Stalled, "x")));
    }

    [Fact]
    public void Image_LinkFromADecoder_TakenAsTheNextFinishedImage()
    {
        var body = new ArrayBufferWriter<byte>();
        using var writer = new ImageAnswerWriter(Options(stream: false, requested: 2), body);

        writer.Image("one", "http://gw/1.jpg");
        writer.Image("two", "http://gw/2.png");
        writer.Complete();

        using var doc = JsonDocument.Parse(body.WrittenMemory);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("http://gw/1.jpg", data[0].GetProperty("url").GetString());
        Assert.Equal("http://gw/2.png", data[1].GetProperty("url").GetString());
    }

    internal static List<(string Name, string Data)> ParseSse(string text)
    {
        var events = new List<(string, string)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            events.Add((name ?? "message", data ?? string.Empty));
        }

        return events;
    }

    private static ImageAnswerOptions Options(bool stream, int requested) => new()
    {
        Model = "grok-imagine-1.0",
        Created = 1_700_000_000,
        Stream = stream,
        Requested = requested,
        Prompt = "a cat floating in space",
    };
}
