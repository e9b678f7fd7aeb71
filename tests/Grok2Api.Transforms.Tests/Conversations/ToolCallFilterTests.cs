using System.Globalization;
using System.Text;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Transforms.Tests.Conversations;

/// <summary>
/// <see cref="ToolCallFilter"/>: call blocks out of the answer text, whatever the pieces, and the rule
/// for answers that break the protocol (a rejection, nothing broken passed on).
/// </summary>
public sealed class ToolCallFilterTests
{
    private const string WeatherParis = """<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>""";
    private const string TimeTokyo = """<tool_call>{"name":"get_time","arguments":{"zone":"Asia/Tokyo","h24":true}}</tool_call>""";

    private static readonly ToolSet Auto = Tools(ToolChoiceMode.Auto);

    private static ToolSet Tools(ToolChoiceMode choice, string? required = null, bool parallel = true) => new(
        [new ToolDefinition("get_weather", "Weather", "{}"), new ToolDefinition("get_time", null, "{}")], choice, required, parallel);

    private static (ToolCallFilter Filter, RecordingAnswerWriter Inner) Create(ToolSet? tools = null, bool streams = true)
    {
        var inner = new RecordingAnswerWriter(streams);
        return (new ToolCallFilter(inner, tools ?? Auto), inner);
    }

    private static RecordingAnswerWriter Run(ToolSet tools, params string[] pieces)
    {
        var (filter, inner) = Create(tools);
        filter.Begin();
        foreach (var piece in pieces)
        {
            filter.Text(Encoding.UTF8.GetBytes(piece));
            filter.EndBatch();
        }

        filter.Complete();
        Assert.Null(filter.Rejection);
        return inner;
    }

    private static UpstreamFailure Rejected(ToolSet tools, params string[] pieces)
    {
        var (filter, inner) = Create(tools);
        filter.Begin();
        foreach (var piece in pieces)
        {
            filter.Text(Encoding.UTF8.GetBytes(piece));
        }

        filter.Complete();
        var rejection = Assert.IsType<UpstreamFailure>(filter.Rejection);
        Assert.Equal(UpstreamFailureKind.InvalidToolCall, rejection.Kind);
        Assert.False(inner.Completed, "a rejected answer must not complete the inner writer");
        return rejection;
    }

    [Fact]
    public void Text_TextAroundTwoBlocks_CallsInOrderAndTextOnlyAround()
    {
        var inner = Run(Auto, $"Let me look.\n{WeatherParis}\n{TimeTokyo}\nDone.");

        Assert.Equal(
            ["begin", "text:Let me look.", """call 0 get_weather {"city":"Paris"}""", """call 1 get_time {"zone":"Asia/Tokyo","h24":true}""", "text:\nDone.", "complete"],
            inner.Events);
        Assert.DoesNotContain("tool_call", inner.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_TwoCallAnswerSplitAtEveryPointAndEveryPairOfPoints_SameCallsAndText()
    {
        var answer = $"Checking both.\n\n{WeatherParis}\n{TimeTokyo}\nThat is all.";
        var expected = Run(Auto, answer).Events;

        for (var i = 1; i < answer.Length; i++)
        {
            Assert.Equal(Flatten(expected), Flatten(Run(Auto, answer[..i], answer[i..]).Events));
            for (var j = i + 1; j < answer.Length; j++)
            {
                var events = Run(Auto, answer[..i], answer[i..j], answer[j..]).Events;
                Assert.True(Flatten(expected).SequenceEqual(Flatten(events)), $"split at {i} and {j}: {string.Join(" | ", events)}");
            }
        }
    }

    [Fact]
    public void Text_OneCharacterAtATime_SameCallsAndText()
    {
        var answer = $"Checking.\n{WeatherParis}{TimeTokyo}";
        var pieces = Runes(answer);

        Assert.Equal(Flatten(Run(Auto, answer).Events), Flatten(Run(Auto, pieces).Events));
        Assert.Equal(2, Run(Auto, pieces).Calls.Count);
    }

    [Theory]
    [InlineData("""<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}</tool_call>""", "not valid JSON")]
    [InlineData("""<tool_call>get_weather(city="Paris")</tool_call>""", "not valid JSON")]
    [InlineData("""<tool_call></tool_call>""", "not valid JSON")]
    [InlineData("""<tool_call>["get_weather"]</tool_call>""", "\"name\"")]
    [InlineData("""<tool_call>{"arguments":{}}</tool_call>""", "\"name\"")]
    [InlineData("""<tool_call>{"name":"","arguments":{}}</tool_call>""", "\"name\"")]
    [InlineData("""<tool_call>{"name":42,"arguments":{}}</tool_call>""", "\"name\"")]
    [InlineData("""<tool_call>{"name":"get_weather","arguments":[1,2]}</tool_call>""", "not a JSON object")]
    [InlineData("""<tool_call>{"name":"get_weather","arguments":7}</tool_call>""", "not a JSON object")]
    public void Complete_BrokenBlock_Rejected_NothingPassedOn(string block, string problem)
    {
        var (filter, inner) = Create();
        filter.Begin();
        filter.Text(Encoding.UTF8.GetBytes(block));
        filter.Text("ignored after the rejection"u8);
        filter.Complete();

        var rejection = Assert.IsType<UpstreamFailure>(filter.Rejection);
        Assert.Equal(UpstreamFailureKind.InvalidToolCall, rejection.Kind);
        Assert.Contains(problem, rejection.Detail, StringComparison.Ordinal);
        Assert.Empty(inner.Calls);
        Assert.Equal("", inner.AllText);
        Assert.False(inner.Completed);
        Assert.False(filter.HasOutput);
    }

    [Fact]
    public void Complete_ArgumentsAStringThatIsNotAnObject_Rejected()
    {
        var rejection = Rejected(Auto, """<tool_call>{"name":"get_weather","arguments":"Paris"}</tool_call>""");

        Assert.Contains("not a JSON object", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_UnknownTool_RejectedNamingIt()
    {
        var rejection = Rejected(Auto, """<tool_call>{"name":"delete_everything","arguments":{}}</tool_call>""");

        Assert.Contains("'delete_everything'", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("does not offer", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_WrongToolForANamedChoice_Rejected()
    {
        var rejection = Rejected(Tools(ToolChoiceMode.Function, "get_time"), WeatherParis);

        Assert.Contains("requires 'get_time'", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_NamedChoiceCalled_Passes()
    {
        Assert.Single(Run(Tools(ToolChoiceMode.Function, "get_time"), TimeTokyo).Calls);
    }

    [Theory]
    [InlineData(ToolChoiceMode.Required, null, "requires one")]
    [InlineData(ToolChoiceMode.Function, "get_weather", "'get_weather'")]
    public void Complete_RequiredButNoCall_RejectedAtTheEnd(ToolChoiceMode mode, string? required, string detail)
    {
        var (filter, inner) = Create(Tools(mode, required));
        filter.Begin();
        filter.Text("I would rather just answer: it is sunny."u8);
        Assert.Null(filter.Rejection);

        filter.Complete();

        Assert.Contains(detail, Assert.IsType<UpstreamFailure>(filter.Rejection).Detail, StringComparison.Ordinal);
        Assert.False(inner.Completed);
    }

    [Fact]
    public void Complete_AutoAndNoCall_PlainTextAnswerComplete()
    {
        var inner = Run(Auto, "It is sunny in Paris. ", "No tool needed.\n");

        Assert.Equal(["begin", "text:It is sunny in Paris. No tool needed.\n", "complete"], inner.Events);
    }

    [Theory]
    [InlineData("""<tool_call>{"name":"get_weather","arguments":{"city":"Par""")]
    [InlineData("<tool_call>")]
    [InlineData("Sure.\n<tool_call>\n")]
    public void Complete_UnterminatedBlock_Rejected(string answer)
    {
        var rejection = Rejected(Auto, answer);

        Assert.Contains("ended inside a tool-call block", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_BlockLongerThanTheLimit_Rejected()
    {
        var (filter, _) = Create();
        filter.Text("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"pad\":\""u8);
        filter.Text(Encoding.UTF8.GetBytes(new string('x', ToolCallFilter.MaxBlockBytes)));

        Assert.Contains("longer than", Assert.IsType<UpstreamFailure>(filter.Rejection).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```json\n{0}\n```\n")]
    [InlineData("```json\n{0}\n```")]
    [InlineData("```\n{0}\n```\n")]
    [InlineData("```xml\n{0}\n```")]
    public void Text_BlockInsideACodeFence_FenceVanishesCallCounts(string template)
    {
        var inner = Run(Auto, "I will check.\n\n" + string.Format(CultureInfo.InvariantCulture, template, WeatherParis));

        Assert.Equal(["begin", "text:I will check.", """call 0 get_weather {"city":"Paris"}""", "complete"], inner.Events);
    }

    [Fact]
    public void Text_FencedBlockThenText_OnlyTheFenceGoes()
    {
        var inner = Run(Auto, $"Checking.\n```json\n{WeatherParis}\n```\nBack soon.");

        Assert.Equal("Checking.\nBack soon.", inner.AllText);
        Assert.Single(inner.Calls);
    }

    [Theory]
    [InlineData("Here is code:\n```python\nprint(\"a < b\")\nx = 1\n```\nThat is it.")]
    [InlineData("```\nplain fence\n```")]
    [InlineData("```js\nconst s = `template`;\n```\n")]
    [InlineData("`inline` at a line start, and ```not a fence``` mid-line")]
    public void Text_FenceHoldingCode_Intact(string answer)
    {
        Assert.Equal(answer, Run(Auto, answer).AllText);

        // Also one character at a time.
        Assert.Equal(answer, Run(Auto, Runes(answer)).AllText);
    }

    [Fact]
    public void Text_CodeFenceThenACall_BothKept()
    {
        const string Code = "```python\nprint(1)\n```\n";

        var inner = Run(Auto, Code + WeatherParis);

        Assert.Equal(Code, inner.AllText);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public void Text_ParallelFalse_SecondCallDropped()
    {
        var inner = Run(Tools(ToolChoiceMode.Auto, parallel: false), $"{WeatherParis}\n{TimeTokyo}");

        var (index, call) = Assert.Single(inner.Calls);
        Assert.Equal(0, index);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("", inner.AllText);
    }

    [Theory]
    [InlineData("a < b and b > c")]
    [InlineData("x<y, a <= b, i<10")]
    [InlineData("<b>bold</b> & <tool>not a call</tool>")]
    [InlineData("the tag is <tool")]
    [InlineData("the tag is <tool_call")]
    [InlineData("ends with <")]
    [InlineData("<<tool_cal<tool_ca")]
    [InlineData("</tool_call> alone")]
    [InlineData("café < 東京 😀")]
    public void Text_AngleBracketsInOrdinaryText_PassAsText(string answer)
    {
        Assert.Equal(answer, Run(Auto, answer).AllText);
        Assert.Equal(answer, Run(Auto, Runes(answer)).AllText);
        Assert.Empty(Run(Auto, answer).Calls);
    }

    [Fact]
    public void Text_ArgumentsGivenAsAJsonString_ParsedToTheObject()
    {
        var inner = Run(Auto, """<tool_call>{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":[1,2]}"}</tool_call>""");

        Assert.Equal("""{"city":"Paris","days":[1,2]}""", Assert.Single(inner.Calls).Call.ArgumentsJson);
    }

    [Theory]
    [InlineData("""<tool_call>{"name":"get_time"}</tool_call>""")]
    [InlineData("""<tool_call>{"name":"get_time","arguments":null}</tool_call>""")]
    public void Text_NoArguments_EmptyObject(string block)
    {
        Assert.Equal("{}", Assert.Single(Run(Auto, block).Calls).Call.ArgumentsJson);
    }

    [Fact]
    public void Text_ArgumentsKeptAsTheModelWroteThem_NotReEncoded()
    {
        var inner = Run(Auto, "<tool_call>\n{ \"name\": \"get_weather\", \"arguments\": { \"city\" : \"Zürich <3 & \\\"x\\\"\" } }\n</tool_call>");

        Assert.Equal("{ \"city\" : \"Zürich <3 & \\\"x\\\"\" }", Assert.Single(inner.Calls).Call.ArgumentsJson);
        Assert.Equal(string.Empty, Assert.Single(inner.Calls).Call.Id);
    }

    [Fact]
    public void HasOutput_FalseWhileOnlyABlockIsHeld_TrueOnceTextPasses()
    {
        var (filter, inner) = Create();
        filter.Begin();
        Assert.False(filter.HasOutput);

        filter.Text("  <tool_call>{\"name\":\"get_wea"u8);
        Assert.False(filter.HasOutput);
        Assert.DoesNotContain("begin", inner.Events);

        filter.Text("ther\",\"arguments\":{}}</tool_call>"u8);
        Assert.True(filter.HasOutput);
        Assert.Equal(1, filter.Calls);
    }

    [Fact]
    public void Reasoning_PassesThroughAndBeginsTheInnerWriter()
    {
        var (filter, inner) = Create();
        filter.Begin();
        filter.Reasoning("thinking about <tool_call> blocks"u8);
        filter.Text(Encoding.UTF8.GetBytes(WeatherParis));
        filter.Complete();

        Assert.Equal(["begin", "reasoning:thinking about <tool_call> blocks", """call 0 get_weather {"city":"Paris"}""", "complete"], inner.Events);
    }

    [Fact]
    public void Stopped_ForwardedBeforeComplete()
    {
        var (filter, inner) = Create();
        filter.Text("Some text"u8);
        filter.Stopped(new AnswerStop(AnswerStopReason.MaxTokens));
        filter.Complete();

        Assert.Equal(["begin", "text:Some text", "stopped:MaxTokens", "complete"], inner.Events);
    }

    [Fact]
    public void Fail_AfterTextAndARejection_ReachesTheInnerWriter()
    {
        var (filter, inner) = Create();
        filter.Text("Visible text.\n"u8);
        filter.Text("<tool_call>{broken}</tool_call>"u8);
        filter.Complete();
        Assert.NotNull(filter.Rejection);
        Assert.True(filter.HasOutput);

        filter.Fail(filter.Rejection!);

        Assert.Equal(["begin", "text:Visible text.", "fail:InvalidToolCall"], inner.Events);
    }

    [Fact]
    public void ToolCall_IntoTheFilter_Refused()
    {
        var (filter, _) = Create();

        Assert.Throws<InvalidOperationException>(() => filter.ToolCall(0, new ToolCall("", "get_time", "{}")));
    }

    // One piece per character (a surrogate pair stays whole: writers get text cut at character boundaries).
    private static string[] Runes(string text) => [.. text.EnumerateRunes().Select(r => r.ToString())];

    // Adjacent text events are one text, whatever the pieces.
    private static List<string> Flatten(List<string> events)
    {
        var flat = new List<string>();
        foreach (var e in events)
        {
            if (e.StartsWith("text:", StringComparison.Ordinal) && flat.Count > 0 && flat[^1].StartsWith("text:", StringComparison.Ordinal))
            {
                flat[^1] += e["text:".Length..];
            }
            else
            {
                flat.Add(e);
            }
        }

        return flat;
    }
}
