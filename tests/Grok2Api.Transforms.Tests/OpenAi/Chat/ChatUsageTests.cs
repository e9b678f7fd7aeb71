using System.Buffers;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

public sealed class ChatUsageTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("hello world", 2)]
    [InlineData("Hello, world!", 4)]
    public void Count_KnownTexts_O200kCounts(string text, int expected)
    {
        Assert.Equal(expected, ChatTokenCounter.Count(text));
        Assert.Equal(expected, ChatTokenCounter.Count(Encoding.UTF8.GetBytes(text).AsSpan()));
        Assert.Equal(expected, ChatTokenCounter.CountPrompt(text));
    }

    [Fact]
    public void CountPrompt_SeenAgainOrEqualText_SameCountAsCount()
    {
        // Many distinct prompts, so slots are taken over; then each again, as a fresh string instance
        // (equal text, another reference), so a stale or wrongly matched slot would show.
        var prompts = Enumerable.Range(0, 200).Select(i => $"user: question {i} about {new string('x', i % 7)} and {i * 31}").ToArray();
        var expected = prompts.Select(ChatTokenCounter.Count).ToArray();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < prompts.Length; i++)
            {
                Assert.Equal(expected[i], ChatTokenCounter.CountPrompt(new string(prompts[i].AsSpan())));
                Assert.Equal(expected[i], ChatTokenCounter.CountPrompt(prompts[i]));
            }
        }
    }

    [Fact]
    public void CountPrompt_LongerThanTheCacheLimit_CountedExactly()
    {
        var prompt = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", (ChatTokenCounter.CachedPromptLimit / 45) + 2));

        Assert.Equal(ChatTokenCounter.Count(prompt), ChatTokenCounter.CountPrompt(prompt));
        Assert.Equal(ChatTokenCounter.Count(prompt), ChatTokenCounter.CountPrompt(prompt));
    }

    [Fact]
    public void Count_LongerText_GrowsWithLength()
    {
        var one = ChatTokenCounter.Count("The quick brown fox jumps over the lazy dog. ");
        var ten = ChatTokenCounter.Count(string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 10)));

        Assert.InRange(one, 8, 12);
        Assert.InRange(ten, one * 9, one * 11);
    }

    [Fact]
    public void CountAnswer_ImagesInlineAsDataUris_CountOnlyTheirMarkdown()
    {
        // app.image_format = "base64": the gateway put a 1.5 MB image into the answer. The model wrote the text.
        var payload = Convert.ToBase64String(Enumerable.Range(0, 1_500_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        const string Before = "Here is your cat:\n![abc123](data:image/png;base64,";
        const string After = ")\nAnd a second one: ![d](data:image/jpeg;base64,QUJD)\nEnjoy.";
        var answer = Encoding.UTF8.GetBytes(Before + payload + After);
        var withLinks = "Here is your cat:\n![abc123](data:image/png;base64,)\nAnd a second one: ![d](data:image/jpeg;base64,)\nEnjoy.";

        var counted = ChatTokenCounter.CountAnswer(answer);

        Assert.InRange(counted, ChatTokenCounter.Count(withLinks) - 4, ChatTokenCounter.Count(withLinks) + 4);
        Assert.True(ChatTokenCounter.Count(answer.AsSpan()) > 100_000, "the payload alone counts as a huge number of tokens");
    }

    [Theory]
    [InlineData("plain prose, no image at all")]
    [InlineData("a link ![x](https://example.com/a.png) is counted as text")]
    [InlineData("talking about ](data: without base64) in prose")]
    [InlineData("an unfinished ![x](data:image/png;base64,AAAA")]
    public void CountAnswer_TextWithoutACompleteInlineImage_CountsAsCount(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);

        Assert.Equal(ChatTokenCounter.Count(utf8.AsSpan()), ChatTokenCounter.CountAnswer(utf8));
    }

    [Fact]
    public void WriteTo_Usage_OpenAiShape()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            new ChatUsage(5, 7, 3).WriteTo(json);
        }

        Assert.Equal(
            """{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":3}}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
