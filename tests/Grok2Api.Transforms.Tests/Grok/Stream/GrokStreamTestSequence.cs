using System.Buffers;
using System.Text;

namespace Grok2Api.Transforms.Tests.Grok.Stream;

/// <summary>Builds multi-segment sequences, as a PipeReader hands them out.</summary>
internal static class GrokStreamTestSequence
{
    public static ReadOnlySequence<byte> Of(params string[] segments)
    {
        if (segments.Length == 1)
        {
            return new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(segments[0]));
        }

        var first = new Segment(Encoding.UTF8.GetBytes(segments[0]), 0);
        var last = first;
        foreach (var text in segments.Skip(1))
        {
            last = last.Append(Encoding.UTF8.GetBytes(text));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static string Text(ReadOnlySequence<byte> sequence) => Encoding.UTF8.GetString(sequence);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
