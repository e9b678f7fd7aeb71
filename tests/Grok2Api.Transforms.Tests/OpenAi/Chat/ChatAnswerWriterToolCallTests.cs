using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>Tool calls and early stops as <see cref="ChatAnswerWriter"/> writes them, stream and non-stream.</summary>
public sealed partial class ChatAnswerWriterToolCallTests
{
    private static readonly ToolSet Tools = new(
        [new ToolDefinition("get_weather", null, "{}"), new ToolDefinition("get_time", null, "{}")], ToolChoiceMode.Auto, null, true);

    [GeneratedRegex("^call_[A-Za-z0-9]{24}$")]
    private static partial Regex CallId();

    private static string Run(bool stream, Action<AnswerWriter> answer, bool includeUsage = false, bool filtered = true)
    {
        var output = new ArrayBufferWriter<byte>();
        var options = ChatTranslatorHarness.Options(stream, includeUsage: includeUsage, prompt: "What is the weather?");
        using AnswerWriter writer = filtered
            ? new ToolCallFilter(new ChatAnswerWriter(options, output), Tools)
            : new ChatAnswerWriter(options, output);
        writer.Begin();
        answer(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void Say(AnswerWriter writer, string text) => writer.Text(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void NonStream_OnlyACall_ToolCallsContentNullFinishToolCalls()
    {
        var json = Run(false, w => Say(w, """<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>"""));

        var choice = JsonDocument.Parse(json).RootElement.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.Matches(CallId(), call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"city":"Paris"}""", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void NonStream_TextAndTwoCalls_TextKeptCallsInOrderWithDistinctIds()
    {
        var json = Run(false, w => Say(w, """
            Checking both.
            <tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>
            <tool_call>{"name":"get_time","arguments":{"zone":"Europe/Paris"}}</tool_call>
            """));

        var message = JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("Checking both.", message.GetProperty("content").GetString());
        var calls = message.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.GetProperty("function").GetProperty("name").GetString()));
        Assert.NotEqual(calls[0].GetProperty("id").GetString(), calls[1].GetProperty("id").GetString());
    }

    [Fact]
    public void NonStream_Usage_CountsTheArgumentsAsCompletionTokens()
    {
        const string Arguments = """{"city":"Paris","details":"a fairly long argument with several words in it"}""";

        var withCall = JsonDocument.Parse(Run(false, w => Say(w, $$$"""Sure.<tool_call>{"name":"get_weather","arguments":{{{Arguments}}}}</tool_call>""")));
        var textOnly = JsonDocument.Parse(Run(false, w => Say(w, "Sure."), filtered: false));

        var completion = withCall.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        var text = textOnly.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        Assert.Equal(text + ChatTokenCounter.Count(Arguments), completion);
    }

    [Fact]
    public void Stream_Call_DeltasAsTheSdksAssembleThem()
    {
        var sse = Run(true, w =>
        {
            Say(w, "Let me check. ");
            Say(w, """<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>""");
        });

        var events = ChatTranslatorHarness.Events(sse);
        var deltas = events.Select(e => e.GetProperty("choices")[0]).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("Let me check.", deltas[1].GetProperty("delta").GetProperty("content").GetString());

        var start = Assert.Single(deltas[2].GetProperty("delta").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(0, start.GetProperty("index").GetInt32());
        Assert.Matches(CallId(), start.GetProperty("id").GetString());
        Assert.Equal("function", start.GetProperty("type").GetString());
        Assert.Equal("get_weather", start.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("", start.GetProperty("function").GetProperty("arguments").GetString());

        var piece = Assert.Single(deltas[3].GetProperty("delta").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(0, piece.GetProperty("index").GetInt32());
        Assert.False(piece.TryGetProperty("id", out _));
        Assert.Equal("""{"city":"Paris"}""", piece.GetProperty("function").GetProperty("arguments").GetString());

        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
        Assert.Empty(deltas[^1].GetProperty("delta").EnumerateObject());
        Assert.Equal(5, deltas.Count);
    }

    [Fact]
    public void Stream_LongArguments_SplitIntoPiecesThatJoinToThem_NoSurrogateCut()
    {
        var value = string.Concat(Enumerable.Repeat("ab😀", 1200));
        var arguments = $$"""{"text":"{{value}}"}""";

        var sse = Run(true, w => Say(w, $$$"""<tool_call>{"name":"get_time","arguments":{{{arguments}}}}</tool_call>"""));

        var pieces = ChatTranslatorHarness.Events(sse)
            .Select(e => e.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out _))
            .Select(d => d.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!)
            .ToList();
        Assert.Equal("", pieces[0]);
        Assert.True(pieces.Count > 3, $"expected several argument pieces, got {pieces.Count}");
        Assert.Equal(arguments, string.Concat(pieces));
        Assert.All(pieces, p => Assert.True(p.Length <= ChatAnswerWriter.ArgumentsPieceChars));
    }

    [Fact]
    public void Stream_TwoCalls_IndexesZeroAndOne_UsageCountsArguments()
    {
        var sse = Run(true, w => Say(w, """
            <tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>
            <tool_call>{"name":"get_time","arguments":{}}</tool_call>
            """), includeUsage: true);

        var events = ChatTranslatorHarness.Events(sse);
        var starts = events
            .Where(e => e.GetProperty("choices").GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out var calls) && calls[0].TryGetProperty("id", out _))
            .Select(d => d.GetProperty("tool_calls")[0].GetProperty("index").GetInt32());
        Assert.Equal([0, 1], starts);
        var usage = events[^1].GetProperty("usage");
        Assert.Equal(ChatTokenCounter.Count("""{"city":"Paris"}""") + ChatTokenCounter.Count("{}"), usage.GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stopped_MaxTokensIsLength_StopSequenceIsStop(bool stream)
    {
        string Finish(AnswerStopReason reason)
        {
            var output = Run(stream, w =>
            {
                Say(w, "cut here");
                w.Stopped(new AnswerStop(reason, reason == AnswerStopReason.StopSequence ? "END" : null));
            }, filtered: false);
            var root = stream ? ChatTranslatorHarness.Events(output)[^1] : JsonDocument.Parse(output).RootElement;
            return root.GetProperty("choices")[0].GetProperty("finish_reason").GetString()!;
        }

        Assert.Equal("length", Finish(AnswerStopReason.MaxTokens));
        Assert.Equal("stop", Finish(AnswerStopReason.StopSequence));
    }

    [Fact]
    public void Stopped_MaxTokensAfterACall_IsLength()
    {
        var json = Run(false, w =>
        {
            Say(w, """<tool_call>{"name":"get_time","arguments":{}}</tool_call>""");
            w.Stopped(new AnswerStop(AnswerStopReason.MaxTokens));
        });

        Assert.Equal("length", JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoCall_ThroughTheFilter_SameBytesAsWithoutIt(bool stream)
    {
        static void Answer(AnswerWriter w)
        {
            w.Reasoning("thinking"u8);
            Say(w, "Plain answer, a < b.");
            w.EndBatch();
            Say(w, "\nSecond line.");
        }

        var filtered = Run(stream, Answer);
        var plain = Run(stream, Answer, filtered: false);

        // The test options fix the completion id and the time, so the bytes can match exactly.
        Assert.Equal(plain, filtered);
        Assert.DoesNotContain("tool_calls", plain, StringComparison.Ordinal);
    }
}
