using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// Removes <c>&lt;tag …&gt;…&lt;/tag&gt;</c> and <c>&lt;tag …/&gt;</c> elements of the configured tag names
/// (<c>app.filter_tags</c>) from text that arrives in pieces, however the markup is split. A stray
/// closing tag of a listed name is removed too. <c>grok:render</c> is always recognised and reported to
/// the sink as a card marker (replaced by the card's image or by nothing).
/// </summary>
/// <remarks>
/// <para>Only what could still be markup is held back: from a <c>&lt;</c> until the name is known not to
/// be listed (then released at once), or a whole element until its closing tag. Each byte is examined
/// once, so a long element costs linear time.</para>
/// <para>The hold is bounded: when more than <see cref="MaxHeldBytes"/> (64 KiB) would be held at the end
/// of a piece (an element that never closes), the filter gives up and releases the held bytes as text.
/// <see cref="Flush"/> (end of the answer) releases whatever is held, as text. Tag names are matched
/// case-sensitively; a <c>&gt;</c> ends an opening tag even inside quotes (as the original regex did).</para>
/// <para>Per request and per channel; not thread-safe; hot path.</para>
/// </remarks>
internal sealed class GrokTagFilter : IDisposable
{
    /// <summary>The largest number of bytes held back.</summary>
    public const int MaxHeldBytes = 64 * 1024;

    /// <summary>The card marker element.</summary>
    public const string CardTagName = "grok:render";

    private const int MaxNameBytes = 64;

    private readonly byte[][] _names;
    private readonly byte[][] _closers;
    private readonly int _cardIndex;
    private readonly IGrokTextSink _sink;
    private readonly PooledBuffer _held = new(128);
    private FilterState _state;
    private bool _closing;
    private bool _slash;
    private int _nameIndex;
    private int _openTagLength;
    private int _closeMatched;

    public GrokTagFilter(IReadOnlyList<byte[]> names, IGrokTextSink sink)
        : this(new GrokTagNames(names), sink)
    {
    }

    /// <summary>A filter of names compiled once (<see cref="GrokTagNames.For"/>), shared by every request of a configuration.</summary>
    public GrokTagFilter(GrokTagNames names, IGrokTextSink sink)
    {
        _names = names.Names;
        _closers = names.Closers;
        _cardIndex = names.CardIndex;
        _sink = sink;
    }

    private enum FilterState
    {
        Text,
        TagName,
        OpenTag,
        Content,
        CloseTail,
        StrayClose,
    }

    /// <summary>The tag names to match: the valid configured ones plus <c>grok:render</c>, as UTF-8.</summary>
    public static byte[][] CompileNames(IEnumerable<string> filterTags)
    {
        var names = new List<byte[]>();
        foreach (var tag in filterTags.Append(CardTagName))
        {
            var name = tag?.Trim();
            if (string.IsNullOrEmpty(name) || name.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '/')
                || Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(name);
            if (!names.Any(n => n.AsSpan().SequenceEqual(bytes)))
            {
                names.Add(bytes);
            }
        }

        return [.. names];
    }

    /// <summary>Filters the next piece of text.</summary>
    public void Write(ReadOnlySpan<byte> input)
    {
        var i = 0;
        while (i < input.Length)
        {
            i += _state switch
            {
                FilterState.Text => ScanText(input[i..]),
                FilterState.TagName => StepTagName(input[i]),
                FilterState.OpenTag => ScanOpenTag(input[i..]),
                FilterState.Content => ScanContent(input[i..]),
                FilterState.CloseTail => StepCloseTail(input[i]),
                _ => ScanStrayClose(input[i..]),
            };
        }

        if (_state != FilterState.Text && _held.Length > MaxHeldBytes)
        {
            Flush();
        }
    }

    /// <summary>Releases anything held back as text (end of the answer, or the channel changes).</summary>
    public void Flush()
    {
        if (_held.Length > 0)
        {
            _sink.Text(_held.WrittenSpan);
        }

        Reset();
    }

    /// <summary>Drops anything held back.</summary>
    public void Discard() => Reset();

    public void Dispose() => _held.Dispose();

    private int ScanText(ReadOnlySpan<byte> rest)
    {
        var lt = rest.IndexOf((byte)'<');
        if (lt < 0)
        {
            _sink.Text(rest);
            return rest.Length;
        }

        if (lt > 0)
        {
            _sink.Text(rest[..lt]);
        }

        StartTag();
        return lt + 1;
    }

    private void StartTag()
    {
        _held.Clear();
        _held.Append((byte)'<');
        _closing = false;
        _state = FilterState.TagName;
    }

    private int StepTagName(byte b)
    {
        if (_held.Length == 1 && b == (byte)'/')
        {
            _closing = true;
            _held.Append(b);
            return 1;
        }

        var name = _held.WrittenSpan[(_closing ? 2 : 1)..];
        if (IsDelimiter(b) && FindName(name) is var index and >= 0)
        {
            _held.Append(b);
            _nameIndex = index;
            if (_closing)
            {
                _state = b == (byte)'>' ? Done() : FilterState.StrayClose;
            }
            else if (b == (byte)'>')
            {
                EndOpenTag(selfClosing: false);
            }
            else
            {
                _slash = b == (byte)'/';
                _state = FilterState.OpenTag;
            }

            return 1;
        }

        if (!IsDelimiter(b) && AnyNameContinues(name, b))
        {
            _held.Append(b);
            return 1;
        }

        // Not a listed tag: release what was held; a '<' here may itself start a tag.
        _sink.Text(_held.WrittenSpan);
        if (b == (byte)'<')
        {
            StartTag();
            return 1;
        }

        Reset();
        return 0;
    }

    private int ScanOpenTag(ReadOnlySpan<byte> rest)
    {
        var gt = rest.IndexOf((byte)'>');
        if (gt < 0)
        {
            _held.Append(rest);
            _slash = rest[^1] == (byte)'/';
            return rest.Length;
        }

        _held.Append(rest[..(gt + 1)]);
        var selfClosing = gt > 0 ? rest[gt - 1] == (byte)'/' : _slash;
        EndOpenTag(selfClosing);
        return gt + 1;
    }

    private void EndOpenTag(bool selfClosing)
    {
        _openTagLength = _held.Length;
        if (selfClosing)
        {
            _state = Done();
            return;
        }

        _closeMatched = 0;
        _state = FilterState.Content;
    }

    private int ScanContent(ReadOnlySpan<byte> rest)
    {
        var closer = _closers[_nameIndex];
        var i = 0;
        while (i < rest.Length)
        {
            if (_closeMatched == 0)
            {
                var lt = rest[i..].IndexOf((byte)'<');
                if (lt < 0)
                {
                    _held.Append(rest[i..]);
                    return rest.Length;
                }

                _held.Append(rest.Slice(i, lt + 1));
                i += lt + 1;
                _closeMatched = 1;
                continue;
            }

            var b = rest[i++];
            _held.Append(b);
            if (b == closer[_closeMatched])
            {
                if (++_closeMatched == closer.Length)
                {
                    _state = FilterState.CloseTail;
                    return i;
                }
            }
            else
            {
                _closeMatched = b == (byte)'<' ? 1 : 0;
            }
        }

        return i;
    }

    private int StepCloseTail(byte b)
    {
        _held.Append(b);
        if (b == (byte)'>')
        {
            _state = Done();
        }
        else if (!IsSpace(b))
        {
            _closeMatched = b == (byte)'<' ? 1 : 0;
            _state = FilterState.Content;
        }

        return 1;
    }

    private int ScanStrayClose(ReadOnlySpan<byte> rest)
    {
        var gt = rest.IndexOf((byte)'>');
        if (gt < 0)
        {
            _held.Append(rest);
            return rest.Length;
        }

        _state = Done();
        return gt + 1;
    }

    /// <summary>An element (or stray closing tag) ends here: it is dropped, a card marker is reported.</summary>
    private FilterState Done()
    {
        if (_nameIndex == _cardIndex && !_closing)
        {
            _sink.CardMarker(ReadCardId(_held.WrittenSpan[.._openTagLength]));
        }

        Reset();
        return FilterState.Text;
    }

    private void Reset()
    {
        _held.Clear();
        _state = FilterState.Text;
        _closing = false;
        _slash = false;
        _closeMatched = 0;
        _openTagLength = 0;
    }

    private int FindName(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (name.SequenceEqual(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private bool AnyNameContinues(ReadOnlySpan<byte> name, byte b)
    {
        foreach (var candidate in _names)
        {
            if (candidate.Length > name.Length && candidate[name.Length] == b && candidate.AsSpan().StartsWith(name))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsDelimiter(byte b) => IsSpace(b) || b == (byte)'>' || (b == (byte)'/' && !_closing);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f';

    /// <summary><c>card_id="X"</c>, <c>card_id='X'</c> or <c>card_id=X</c> in the opening tag.</summary>
    private static string? ReadCardId(ReadOnlySpan<byte> openTag)
    {
        var at = openTag.IndexOf("card_id="u8);
        if (at < 0)
        {
            return null;
        }

        var value = openTag[(at + 8)..];
        int end;
        if (value.Length > 0 && value[0] is (byte)'"' or (byte)'\'')
        {
            var quote = value[0];
            value = value[1..];
            end = value.IndexOf(quote);
        }
        else
        {
            end = value.IndexOfAny(" \t\r\n/>"u8);
        }

        value = end < 0 ? value : value[..end];
        return value.IsEmpty ? null : Encoding.UTF8.GetString(value);
    }
}
