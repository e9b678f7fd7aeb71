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
