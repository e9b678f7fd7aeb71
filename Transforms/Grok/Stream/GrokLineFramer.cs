namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// Splits the upstream chat body (newline-delimited JSON, docs/grok-protocol.md §4.1) into lines as it
/// arrives from a <c>PipeReader</c>. One instance per response; not thread-safe.
/// </summary>
/// <remarks>
/// <para>Loop shape: after each read, call <see cref="TryReadLine"/> until it returns false and hand
/// each line to <c>GrokLineParser.Parse</c>; then, if <see cref="LineTooLong"/> is set, fail the
/// response; otherwise <c>AdvanceTo(buffer.Start, buffer.End)</c>. When the read says the body is
/// complete, call <see cref="TryReadFinalLine"/> once for a last line without a newline.</para>
/// <para>Lines end at <c>\n</c>; a <c>\r</c> before it (and any other white space) is trimmed by the
/// parser. The framer remembers how far it already looked for a newline, so a long line that arrives
/// in many reads is scanned once (the caller must pass the unconsumed rest of the same buffer).</para>
/// </remarks>
public sealed class GrokLineFramer
{
    /// <summary>The default bound of one line: 8 MiB.</summary>
    public const int DefaultMaxLineBytes = 8 * 1024 * 1024;

    private readonly int _maxLineBytes;
    private long _scanned;

    /// <summary>Creates a framer.</summary>
    /// <param name="maxLineBytes">The longest line accepted, in bytes (default <see cref="DefaultMaxLineBytes"/>).</param>
    public GrokLineFramer(int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// True once a line longer than the bound was seen (complete or still without its newline): the
    /// response must be failed, since buffering it further has no end. <see cref="TryReadLine"/> then
    /// returns false.
    /// </summary>
    public bool LineTooLong { get; private set; }

    /// <summary>Takes the next complete line (without its <c>\n</c>) off the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The unread bytes; advanced past the line when one is returned.</param>
    /// <param name="line">The line, valid until the caller advances the reader.</param>
    /// <returns>True when a line was taken; false when more data is needed or the line is too long.</returns>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = default;
        if (LineTooLong)
        {
            return false;
        }

        var start = Math.Min(_scanned, buffer.Length);
        var newline = buffer.Slice(start).PositionOf((byte)'\n');
        if (newline is null)
        {
            _scanned = buffer.Length;
            LineTooLong = buffer.Length > _maxLineBytes;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        if (line.Length > _maxLineBytes)
        {
            line = default;
            LineTooLong = true;
            return false;
        }

        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        _scanned = 0;
        return true;
    }

    /// <summary>At the end of the body, takes what is left as the last line (it had no newline).</summary>
    /// <param name="buffer">The unread bytes; emptied when a line is returned.</param>
    /// <param name="line">The last line.</param>
    /// <returns>True when bytes were left (and within the bound).</returns>
    public bool TryReadFinalLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        line = default;
        if (LineTooLong || buffer.IsEmpty)
        {
            return false;
        }

        if (buffer.Length > _maxLineBytes)
        {
            LineTooLong = true;
            return false;
        }

        line = buffer;
        buffer = buffer.Slice(buffer.End);
        _scanned = 0;
        return true;
    }
}
