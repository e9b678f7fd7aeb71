using System.Diagnostics;
using System.Text;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.Conversations;

public sealed class TextLimitFilterTests
{
    [Fact]
    public void StopSequenceInOnePiece_TextBeforeItPasses_TheSequenceAndTheRestDoNot_StoppedOnce()
    {
        var (filter, inner) = Create(null, "STOP");

        filter.Text("hello STOP world"u8);
        filter.Text("more text"u8);
        filter.Complete();

        Assert.Equal("hello ", inner.Written);
        Assert.Equal([new AnswerStop(AnswerStopReason.StopSequence, "STOP")], inner.Stops);
        Assert.Equal(1, inner.Completes);
    }

    [Fact]
    public void SequenceSplitAcrossPieces_OnlyThePossiblePrefixIsHeldBack()
    {
        var (filter, inner) = Create(null, "STOP");

        filter.Text("hel"u8);
        Assert.Equal("hel", inner.Written);
        filter.Text("lo ST"u8);
        Assert.Equal("hello ", inner.Written);
        filter.Text("O"u8);
        Assert.Equal("hello ", inner.Written);
        filter.Text("P and after"u8);
        filter.Complete();

        Assert.Equal("hello ", inner.Written);
        Assert.Equal("STOP", Assert.Single(inner.Stops).Sequence);
    }

    [Fact]
    public void APrefixThatDoesNotBecomeTheSequence_IsReleased_InTheMiddleAndAtTheEnd()
    {
        var (filter, inner) = Create(null, "STOP");

        filter.Text("ST"u8);
        filter.Text("ART and ST"u8);
        Assert.Equal("START and ", inner.Written);
        filter.Complete();

        Assert.Equal("START and ST", inner.Written);
        Assert.Empty(inner.Stops);
        Assert.Equal(1, inner.Completes);
    }

    [Fact]
    public void OverlappingPrefixes_AreFoundByteByByte()
    {
        var (filter, inner) = Create(null, "aab", "abab");

        foreach (var b in "xaaab"u8.ToArray())
        {
            filter.Text([b]);
        }

        Assert.Equal("xa", inner.Written);
        Assert.Equal("aab", Assert.Single(inner.Stops).Sequence);

        var (second, secondInner) = Create(null, "abab");
        foreach (var piece in new[] { "ab", "aab", "ab", "!" })
        {
            second.Text(Encoding.UTF8.GetBytes(piece));
        }

        Assert.Equal("aba", secondInner.Written);
        Assert.Equal("abab", Assert.Single(secondInner.Stops).Sequence);
    }

    [Fact]
    public void SeveralSequences_TheOneThatEndsFirstWins()
    {
        var (filter, inner) = Create(null, "world", "lo w");

        filter.Text("hello world"u8);

        Assert.Equal("hel", inner.Written);
        Assert.Equal("lo w", Assert.Single(inner.Stops).Sequence);
    }

    [Fact]
    public void NonAsciiSequence_SplitBetweenCharacters_StopsAtItsStart()
    {
        var (filter, inner) = Create(null, "終わり");

        foreach (var piece in new[] { "はい、", "これで終", "わ", "りです" })
        {
            filter.Text(Encoding.UTF8.GetBytes(piece));
        }

        filter.Complete();

        Assert.Equal("はい、これで", inner.Written);
        Assert.Equal("終わり", Assert.Single(inner.Stops).Sequence);
    }

    [Fact]
    public void NonAsciiTextSharingLeadBytes_IsNotCutInsideACharacter()
    {
        // "é" and "è" share their first UTF-8 byte (0xC3): a held lead byte is released whole with its character.
        var (filter, inner) = Create(null, "è!");

        filter.Text("caf"u8);
        filter.Text(Encoding.UTF8.GetBytes("é"));
        filter.Text(Encoding.UTF8.GetBytes(" è"));
        filter.Text("?"u8);
        filter.Complete();

        Assert.Equal("café è?", inner.Written);
        Assert.Empty(inner.Stops);
    }

    [Fact]
    public void MaxTokens_ExactlyReached_IsNoCut_UnlessMoreTextFollows()
    {
        var text = "The quick brown fox";
        var tokens = ChatTokenCounter.Count(text);

        var (exact, exactInner) = Create(tokens);
        exact.Text(Encoding.UTF8.GetBytes(text));
        exact.Complete();
        Assert.Equal(text, exactInner.Written);
        Assert.Empty(exactInner.Stops);
        Assert.Equal(tokens, exact.Tokens);

        var (more, moreInner) = Create(tokens);
        more.Text(Encoding.UTF8.GetBytes(text));
        more.Text(" jumps"u8);
        more.Text(" over"u8);
        more.Complete();
        Assert.Equal(text, moreInner.Written);
        Assert.Equal([new AnswerStop(AnswerStopReason.MaxTokens)], moreInner.Stops);
        Assert.Equal(1, moreInner.Completes);
    }

    [Fact]
    public void MaxTokens_APieceThatPassesTheLimit_IsCutToTheLongestPrefixThatFits()
    {
        const string Text = "one two three four five six seven eight nine ten";
        var (filter, inner) = Create(4);

        filter.Text(Encoding.UTF8.GetBytes(Text));
        filter.Text(" eleven"u8);
        filter.Complete();

        Assert.StartsWith(inner.Written, Text, StringComparison.Ordinal);
        Assert.True(ChatTokenCounter.Count(inner.Written) <= 4);
        // One more character would not fit any more.
        Assert.True(ChatTokenCounter.Count(Text[..(inner.Written.Length + 1)]) > 4 || inner.Written.Length + 1 < Text.Length && ChatTokenCounter.Count(Text[..(inner.Written.Length + 2)]) > 4);
        Assert.Equal(4, filter.Tokens);
        Assert.Equal(AnswerStopReason.MaxTokens, Assert.Single(inner.Stops).Reason);
    }

    [Fact]
    public void MaxTokens_CutNeverSplitsACharacter()
    {
        var (filter, inner) = Create(3);

        filter.Text(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("😀 日本語 ", 20))));

        Assert.DoesNotContain('\uFFFD', inner.Written);
        Assert.True(Encoding.UTF8.GetByteCount(inner.Written) == inner.Bytes, "the bytes passed on decode exactly");
        Assert.Single(inner.Stops);
    }

    [Fact]
    public void MaxTokensAndStopSequence_TogetherTheFirstLimitReachedWins()
    {
        var (filter, inner) = Create(2, "three");

        filter.Text("one two three four"u8);

        Assert.Equal(AnswerStopReason.MaxTokens, Assert.Single(inner.Stops).Reason);
        Assert.Equal("one two", inner.Written);
    }

    [Fact]
    public void AfterTheStop_ReasoningToolCallsAndMediaAreSwallowed_CompleteIsPassedOnOnce()
    {
        var (filter, inner) = Create(null, "END");

        filter.Reasoning("thinking"u8);
        filter.Text("done END"u8);
        filter.Reasoning("late thoughts"u8);
        filter.ToolCall(0, new ToolCall("", "f", "{}"));
        filter.Image("alt", "https://example.com/a.png");
        filter.Text("late text"u8);
        filter.Complete();
        filter.Complete();

        Assert.Equal("thinking", inner.Thoughts);
        Assert.Equal("done ", inner.Written);
        Assert.Empty(inner.Calls);
        Assert.Empty(inner.Images);
        Assert.Equal(1, inner.Completes);
    }

    [Fact]
    public void HeldText_GoesOutBeforeAToolCallOrAnImage_InOrder()
    {
        var (filter, inner) = Create(null, "STOP");

        filter.Text("see ST"u8);
        filter.ToolCall(0, new ToolCall("", "f", "{}"));
        filter.Text("S"u8);
        filter.Image("alt", "https://example.com/a.png");
        filter.Complete();

        Assert.Equal(["text:see ", "text:ST", "call:f", "text:S", "image:alt", "complete"], inner.Log);
    }

    [Fact]
    public void Fail_DropsHeldText_AndPassesTheFailureOn()
    {
        var (filter, inner) = Create(null, "STOP");

        filter.Text("almost ST"u8);
        filter.Fail(new UpstreamFailure(UpstreamFailureKind.Network, "broken"));

        Assert.Equal("almost ", inner.Written);
        Assert.Equal(UpstreamFailureKind.Network, Assert.Single(inner.Failures).Kind);
        Assert.Equal(0, inner.Completes);
    }

    [Fact]
    public void Applies_OnlyWithALimit()
    {
        Assert.False(TextLimitFilter.Applies(null, []));
        Assert.False(TextLimitFilter.Applies(null, [""]));
        Assert.True(TextLimitFilter.Applies(10, []));
        Assert.True(TextLimitFilter.Applies(null, ["x"]));
    }

    [Fact]
    public void LongTextWithManySequences_IsLinear()
    {
        var sequences = Enumerable.Range(0, 64).Select(i => new string('a', 200) + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (filter, inner) = Create(null, sequences);
        var piece = Encoding.UTF8.GetBytes(new string('a', 4096));
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 256; i++)
        {
            filter.Text(piece);
        }

        filter.Complete();

        Assert.Equal(piece.Length * 256, inner.Bytes);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"1 MiB against 64 sequences took {clock.Elapsed}");
    }

    private static (TextLimitFilter Filter, Recorder Inner) Create(int? maxTokens, params string[] sequences)
    {
        var inner = new Recorder();
        return (new TextLimitFilter(inner, maxTokens, sequences), inner);
    }

    private sealed class Recorder : AnswerWriter
    {
        private readonly List<byte> _text = [];
        private readonly StringBuilder _reasoning = new();

        public override bool Streams => true;

        public string Written => Encoding.UTF8.GetString(_text.ToArray());

        public int Bytes => _text.Count;

        public string Thoughts => _reasoning.ToString();

        public List<AnswerStop> Stops { get; } = [];

        public List<ToolCall> Calls { get; } = [];

        public List<string> Images { get; } = [];

        public List<UpstreamFailure> Failures { get; } = [];

        public List<string> Log { get; } = [];

        public int Completes { get; private set; }

        public override void Text(ReadOnlySpan<byte> utf8)
        {
            _text.AddRange(utf8);
            Log.Add("text:" + Encoding.UTF8.GetString(utf8));
        }

        public override void Reasoning(ReadOnlySpan<byte> utf8) => _reasoning.Append(Encoding.UTF8.GetString(utf8));

        public override void Image(string alt, string url)
        {
            Images.Add(url);
            Log.Add("image:" + alt);
        }

        public override void ToolCall(int index, ToolCall call)
        {
            Calls.Add(call);
            Log.Add("call:" + call.Name);
        }

        public override void Stopped(AnswerStop stop) => Stops.Add(stop);

        public override void Complete()
        {
            Completes++;
            Log.Add("complete");
        }

        public override void Fail(UpstreamFailure failure) => Failures.Add(failure);
    }
}
