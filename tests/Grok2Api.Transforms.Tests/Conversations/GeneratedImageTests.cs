using System.Buffers;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.Conversations;

public sealed class GeneratedImageTests
{
    [Fact]
    public void WithBase64_TextOutsideTheAlphabet_Refused()
    {
        Assert.Throws<ArgumentException>(() => GeneratedImage.WithBase64(0, "a", "image/jpeg", Encoding.ASCII.GetBytes("abc\"def")));
        Assert.Throws<ArgumentException>(() => GeneratedImage.WithBase64(0, "a", "image/jpeg", ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void ToLink_Base64_DataUri_Url_AsIs()
    {
        Assert.Equal("data:image/png;base64,iVBORw0K", GeneratedImage.WithBase64(0, "a", "image/png", Encoding.ASCII.GetBytes("iVBORw0K")).ToLink());
        Assert.Equal("http://x/y.jpg", GeneratedImage.WithUrl(0, "a", "image/jpeg", "http://x/y.jpg").ToLink());
    }

    [Fact]
    public void AnswerWriterDefaults_ChatWriter_FinalAsMarkdownPartialAsReasoningMissingAsText()
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new ChatAnswerWriter(new ChatAnswerOptions { CompletionId = "c", Model = "grok-imagine-1.0", Created = 1 }, body))
        {
            writer.Begin();
            writer.GeneratedImage(GeneratedImage.WithUrl(0, "img-1", "image/png", "http://gw/p.png", GeneratedImageStage.Medium));
            writer.GeneratedImage(GeneratedImage.WithUrl(0, "img-1", "image/jpeg", "http://gw/v1/files/image/imagine-img-1.jpg"));
            writer.ImagesMissing(1, "blocked by moderation");
            writer.EndBatch();
            writer.Complete();
        }

        using var doc = JsonDocument.Parse(body.WrittenMemory);
        var message = doc.RootElement.GetProperty("choices")[0].GetProperty("message");
        var content = message.GetProperty("content").GetString();
        Assert.Contains("![img-1](http://gw/v1/files/image/imagine-img-1.jpg)", content, StringComparison.Ordinal);
        Assert.Contains("1 image could not be generated: blocked by moderation", content, StringComparison.Ordinal);
        Assert.Contains("image 1: medium", message.GetProperty("reasoning_content").GetString(), StringComparison.Ordinal);
    }
}
