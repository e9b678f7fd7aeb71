using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Tests.Grok.Stream;

public sealed class GrokLineFramerTests
{
    [Fact]
    public void TryReadLine_LineSplitAcrossSegments_ReturnsWholeLine()
    {
        var buffer = GrokStreamTestSequence.Of("{\"a\":", "1}\n{\"b\"", ":2}\n{\"c\"");
        var framer = new GrokLineFramer();

        Assert.True(framer.TryReadLine(ref buffer, out var first));
        Assert.Equal("{\"a\":1}", GrokStreamTestSequence.Text(first));
        Assert.True(framer.TryReadLine(ref buffer, out var second));
        Assert.Equal("{\"b\":2}", GrokStreamTestSequence.Text(second));
        Assert.False(framer.TryReadLine(ref buffer, out _));
        Assert.Equal("{\"c\"", GrokStreamTestSequence.Text(buffer));
        Assert.False(framer.LineTooLong);
    }

    [Fact]
    public void TryReadLine_CrLf_ParserSeesTheLineWithoutCarriageReturn()
    {
        var buffer = GrokStreamTestSequence.Of("{\"result\":{\"response\":{\"token\":\"Hi\"}}}\r\n\r\n");
        var framer = new GrokLineFramer();
        using var parser = new GrokLineParser();

        Assert.True(framer.TryReadLine(ref buffer, out var line));
        Assert.Equal("Hi", Encoding.UTF8.GetString(parser.Parse(line).Token));
        Assert.True(framer.TryReadLine(ref buffer, out var blank));
        Assert.Equal(GrokLineParts.None, parser.Parse(blank).Parts);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(0, parser.InvalidLines);
    }

    [Fact]
    public void TryReadFinalLine_NoNewlineAtEnd_ReturnsRemainderOnce()
    {
        var buffer = GrokStreamTestSequence.Of("{\"a\":1}\n{\"b\":", "2}");
        var framer = new GrokLineFramer();
        Assert.True(framer.TryReadLine(ref buffer, out _));
        Assert.False(framer.TryReadLine(ref buffer, out _));

        Assert.True(framer.TryReadFinalLine(ref buffer, out var last));
        Assert.Equal("{\"b\":2}", GrokStreamTestSequence.Text(last));
        Assert.False(framer.TryReadFinalLine(ref buffer, out _));
    }

    [Fact]
    public void TryReadLine_IncompleteLineOverBound_ReportsTooLong()
    {
        var buffer = GrokStreamTestSequence.Of(new string('x', 10), new string('y', 10));
        var framer = new GrokLineFramer(maxLineBytes: 16);

        Assert.False(framer.TryReadLine(ref buffer, out _));
        Assert.True(framer.LineTooLong);
        Assert.False(framer.TryReadFinalLine(ref buffer, out _));
    }

    [Fact]
    public void TryReadLine_CompleteLineOverBound_ReportsTooLongAndStops()
    {
        var buffer = GrokStreamTestSequence.Of("short\n" + new string('x', 20) + "\nnext\n");
        var framer = new GrokLineFramer(maxLineBytes: 16);

        Assert.True(framer.TryReadLine(ref buffer, out var first));
        Assert.Equal("short", GrokStreamTestSequence.Text(first));
        Assert.False(framer.TryReadLine(ref buffer, out _));
        Assert.True(framer.LineTooLong);
        Assert.False(framer.TryReadLine(ref buffer, out _));
    }

    [Fact]
    public void TryReadLine_LineAtBound_Accepted()
    {
        var buffer = GrokStreamTestSequence.Of(new string('x', 16) + "\n");
        var framer = new GrokLineFramer(maxLineBytes: 16);

        Assert.True(framer.TryReadLine(ref buffer, out var line));
        Assert.Equal(16, line.Length);
    }

    [Fact]
    public async Task TryReadLine_PipeFedByteByByte_ReadsEveryLine()
    {
        var body = "{\"n\":1}\r\n\n{\"n\":22}\n{\"long\":\"" + new string('z', 5000) + "\"}\n{\"n\":3}";
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16, pauseWriterThreshold: 0));
        var ct = TestContext.Current.CancellationToken;
        var writer = Task.Run(
            async () =>
            {
                var bytes = Encoding.UTF8.GetBytes(body);
                for (var i = 0; i < bytes.Length; i += 7)
                {
                    await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(7, bytes.Length - i)), ct);
                }

                await pipe.Writer.CompleteAsync();
            },
            ct);

        var lines = new List<string>();
        var framer = new GrokLineFramer(maxLineBytes: 6000);
        while (true)
        {
            var read = await pipe.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
            var buffer = read.Buffer;
            while (framer.TryReadLine(ref buffer, out var line))
            {
                lines.Add(GrokStreamTestSequence.Text(line).TrimEnd('\r'));
            }

            Assert.False(framer.LineTooLong);
            if (read.IsCompleted)
            {
                if (framer.TryReadFinalLine(ref buffer, out var last))
                {
                    lines.Add(GrokStreamTestSequence.Text(last));
                }

                pipe.Reader.AdvanceTo(buffer.End);
                break;
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(5, lines.Count);
        Assert.Equal(["{\"n\":1}", "", "{\"n\":22}"], lines.Take(3));
        Assert.Equal(5000 + 11, lines[3].Length);
        Assert.Equal("{\"n\":3}", lines[4]);
    }
}
