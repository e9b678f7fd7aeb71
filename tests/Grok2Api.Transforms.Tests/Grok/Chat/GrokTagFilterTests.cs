using System.Text;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Tests.Grok.Chat;

public sealed class GrokTagFilterTests
{
    private static readonly string[] Tags = ["xaiartifact", "xai:tool_usage_card"];

    /// <summary>Pieces are separated by '|'; card markers show as [card:id].</summary>
    [Theory]
    [InlineData("Hello| world", "Hello world")]
    [InlineData("Here: |<xai|artifact id=\"1\">|print(1)|</xaiart|ifact>| done", "Here:  done")]
    [InlineData("a<xaiartifact/>b", "ab")]
    [InlineData("a<xaiartifact id='x' />b", "ab")]
    [InlineData("a<xaiartifact id=\"x\"|/|>b", "ab")]
    [InlineData("a < b and 1<2", "a < b and 1<2")]
    [InlineData("<b>bold</b> <br/>", "<b>bold</b> <br/>")]
    [InlineData("<xaiartifactual>kept</xaiartifactual>", "<xaiartifactual>kept</xaiartifactual>")]
    [InlineData("<xai>kept</xai>", "<xai>kept</xai>")]
    [InlineData("<<xaiartifact>gone</xaiartifact>", "<")]
    [InlineData("x<|<|xaiartifact>gone</xaiartifact>y", "x<y")]
    [InlineData("stray </xaiartifact> close", "stray  close")]
    [InlineData("stray <|/xaiartifact|>| close", "stray  close")]
    [InlineData("<xaiartifact>a</xaiartifact >b", "b")]
    [InlineData("<xaiartifact>a</xaiartifactx>b</xaiartifact>c", "c")]
    [InlineData("<xaiartifact>a<</xaiartifact>c", "c")]
    [InlineData("<xaiartifact>a<|/|xai|artifact|>c", "c")]
    [InlineData("<xaiartifact>一<xaiartifact>二</xaiartifact>三", "三")]
    [InlineData("<xai:tool_usage_card><xai:tool_name>web_search</xai:tool_name></xai:tool_usage_card>after", "after")]
    [InlineData("😀<xaiartifact>🙈</xaiartifact>é", "😀é")]
    [InlineData("<grok:render card_id=\"c1\" type=\"x\"><argument name=\"a\">v</argument></grok:render>", "[card:c1]")]
    [InlineData("A<grok:|render card_id='c2'>|x</grok:ren|der>B", "A[card:c2]B")]
    [InlineData("<grok:render card_id=c3/>", "[card:c3]")]
    [InlineData("<grok:render type=\"x\"></grok:render>", "[card:]")]
    [InlineData("</grok:render>", "")]
    [InlineData("<", "<")]
    [InlineData("end <xai", "end <xai")]
    [InlineData("<xaiartifact>never closed", "<xaiartifact>never closed")]
    [InlineData("<xaiartifact|", "<xaiartifact")]
    public void Write_Pieces_MarkupRemoved(string pieces, string expected)
    {
        Assert.Equal(expected, Run(pieces.Split('|')));
    }

    [Theory]
    [InlineData("x<xaiartifact id=\"1\">y</xaiartifact>z<grok:render card_id=\"c\"></grok:render>!", "xz[card:c]!")]
    [InlineData("a<b<xai:tool_usage_card/>c</xaiartifact>d", "a<bcd")]
    public void Write_EveryByteSeparately_SameAsWhole(string text, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames(Tags), sink);
        foreach (var b in bytes)
        {
            filter.Write([b]);
        }

        filter.Flush();
        Assert.Equal(expected, sink.ToString());
        Assert.Equal(expected, Run([text]));
    }

    [Fact]
    public void Write_TextThatCannotBeATag_ReleasedWithoutWaiting()
    {
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames(Tags), sink);

        filter.Write("a <b"u8);
        Assert.Equal("a <b", sink.ToString());

        filter.Write(" then <xai"u8);
        Assert.Equal("a <b then ", sink.ToString());

        filter.Write("z"u8);
        Assert.Equal("a <b then <xaiz", sink.ToString());
    }

    [Fact]
    public void Write_UnclosedElementPastBound_ReleasedAsText()
    {
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames(Tags), sink);
        var body = new string('a', 1000);

        filter.Write("<xaiartifact>"u8);
        for (var i = 0; i < 70; i++)
        {
            filter.Write(Encoding.UTF8.GetBytes(body));
        }

        var released = sink.ToString();
        Assert.StartsWith("<xaiartifact>aaa", released, StringComparison.Ordinal);
        Assert.True(released.Length > GrokTagFilter.MaxHeldBytes);

        filter.Write("tail</xaiartifact>after"u8);
        Assert.EndsWith("tailafter", sink.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Discard_HeldText_Dropped()
    {
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames(Tags), sink);

        filter.Write("ok <xaiartifact>partial"u8);
        filter.Discard();
        filter.Write("next"u8);
        filter.Flush();

        Assert.Equal("ok next", sink.ToString());
    }

    [Fact]
    public void CompileNames_InvalidAndDuplicateNames_Ignored()
    {
        var names = GrokTagFilter.CompileNames(["xaiartifact", "", " ", "a b", "<x>", "xaiartifact", "grok:render"]);

        Assert.Equal(["xaiartifact", "grok:render"], names.Select(n => Encoding.UTF8.GetString(n)));
    }

    [Fact]
    public void Write_NoFilterTagsConfigured_CardMarkersStillHandled()
    {
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames([]), sink);

        filter.Write("a<xaiartifact>b</xaiartifact><grok:render card_id=\"k\"></grok:render>"u8);
        filter.Flush();

        Assert.Equal("a<xaiartifact>b</xaiartifact>[card:k]", sink.ToString());
    }

    private static string Run(IEnumerable<string> pieces)
    {
        var sink = new RecordingSink();
        using var filter = new GrokTagFilter(GrokTagFilter.CompileNames(Tags), sink);
        foreach (var piece in pieces)
        {
            filter.Write(Encoding.UTF8.GetBytes(piece));
        }

        filter.Flush();
        return sink.ToString();
    }

    private sealed class RecordingSink : IGrokTextSink
    {
        private readonly List<byte> _bytes = [];

        public void Text(ReadOnlySpan<byte> utf8) => _bytes.AddRange(utf8);

        public void CardMarker(string? cardId) => _bytes.AddRange(Encoding.UTF8.GetBytes($"[card:{cardId}]"));

        public override string ToString() => Encoding.UTF8.GetString([.. _bytes]);
    }
}
