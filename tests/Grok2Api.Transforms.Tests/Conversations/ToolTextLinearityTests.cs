using System.Diagnostics;
using System.Text;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Tests.Conversations;

/// <summary>The per-request text steps of tool calling stay linear in their input: the prompt with tools and results, and the filter of the answer.</summary>
public sealed class ToolTextLinearityTests
{
    private static readonly ToolSet Tools = new([new ToolDefinition("get_weather", "Weather", "{\"type\":\"object\"}")], ToolChoiceMode.Auto, null, Parallel: true);

    [Fact]
    public void ToolCallFilter_IsLinearInTheAnswer()
    {
        // An answer of text, whitespace runs, near-misses ('<tool', backtick lines) and real blocks.
        static byte[] Answer(int repeats)
        {
            var piece = "Some text < and <tool more\n`not a fence` line\n   \n<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>\n";
            return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(piece, repeats)));
        }

        static TimeSpan Time(byte[] answer)
        {
            var clock = Stopwatch.StartNew();
            using var sink = new CountingWriter();
            using var filter = new ToolCallFilter(sink, Tools);
            for (var at = 0; at < answer.Length; at += 7)
            {
                filter.Text(answer.AsSpan(at, Math.Min(7, answer.Length - at)));
            }

            filter.Complete();
            Assert.Null(filter.Rejection);
            Assert.True(sink.Calls > 0);
            return clock.Elapsed;
        }

        Time(Answer(100));
        var small = Time(Answer(2_000));
        var large = Time(Answer(16_000));
        Assert.True(large < (small * 40) + TimeSpan.FromMilliseconds(300), $"{small} then {large}");
    }

    [Fact]
    public void PromptWithToolsAndResults_IsLinearInTheConversation()
    {
        static Conversation Of(int turns)
        {
            var messages = new List<ConversationMessage>();
            for (var i = 0; i < turns; i++)
            {
                var id = "call_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                messages.Add(new ConversationMessage("user", [new ConversationPart(ConversationPartKind.Text, "weather please " + new string('w', 200), null, null, "m")]));
                messages.Add(new ConversationMessage("assistant", []) { ToolCalls = [new ToolCall(id, "get_weather", "{\"city\":\"Paris\"}")] });
                messages.Add(new ConversationMessage(ConversationMessage.ToolRole, [new ConversationPart(ConversationPartKind.Text, "sunny " + new string('s', 200), null, null, "m")]) { ToolCallId = id });
            }

            return new Conversation("grok-4", messages, new GenerationOptions(null, null, null)) { Tools = Tools };
        }

        static TimeSpan Time(Conversation conversation)
        {
            var clock = Stopwatch.StartNew();
            var prompt = GrokPromptBuilder.Build(conversation);
            Assert.Contains("<tool_result name=\"get_weather\" call_id=\"call_0\">", prompt.Message, StringComparison.Ordinal);
            return clock.Elapsed;
        }

        Time(Of(10));
        var small = Time(Of(1_000));
        var large = Time(Of(8_000));
        Assert.True(large < (small * 30) + TimeSpan.FromMilliseconds(300), $"{small} then {large}");
    }

    private sealed class CountingWriter : AnswerWriter
    {
        public int Calls { get; private set; }

        public override bool Streams => true;

        public override void Text(ReadOnlySpan<byte> utf8)
        {
        }

        public override void Image(string alt, string url)
        {
        }

        public override void ToolCall(int index, ToolCall call) => Calls++;

        public override void Complete()
        {
        }

        public override void Fail(UpstreamFailure failure)
        {
        }
    }
}
