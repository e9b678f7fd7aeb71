using System.Buffers;
using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Reads <c>token.json</c> from a stream in one pass through a small pooled buffer, with one
/// <see cref="Utf8JsonReader"/> carried from buffer to buffer (<see cref="JsonReaderState"/>): no copy of
/// the whole file is ever held, and no document object is built. A file of 100,000 tokens is about
/// 50 MB; holding it whole cost a quarter of a second of the start (a fresh 50 MB array to zero and
/// fault in) and a full collection (docs/adr/0019-token-load-overlaps-host-building.md).
/// </summary>
/// <remarks>
/// An entry is handled only once all of its bytes are in the buffer (a record larger than the buffer
/// makes it grow), so a record is read by <see cref="TokenRecordReader"/> exactly as from a whole file.
/// Every token of the file is read, so a file with an error anywhere is refused before anything it holds
/// is used; the reader's state carries the line and byte position across buffers, so the error names
/// the same place as a read of the whole file would.
/// </remarks>
internal sealed class TokenFileReader
{
    /// <summary>The buffer's first size: a few hundred records.</summary>
    public const int DefaultBufferSize = 128 * 1024;

    private readonly long _nowMs;
    private readonly List<TokenFileWarning> _warnings = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<TokenDocument.PoolEntries> _pools = [];
    private Phase _phase;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];
    private string _pool = "";
    private List<StoredToken> _tokens = [];
    private TokenRecordReader? _records;
    private int _index;

    private TokenFileReader(long nowMs) => _nowMs = nowMs;

    private enum Phase
    {
        /// <summary>Before the top-level object.</summary>
        Start,

        /// <summary>In the top-level object, before a pool name or its end.</summary>
        Pools,

        /// <summary>After a pool name, before its value.</summary>
        PoolValue,

        /// <summary>In a pool's list, before an entry or the list's end.</summary>
        Entries,

        /// <summary>After the top-level object: only white space may follow.</summary>
        End,

        /// <summary>The top level is not an object: the file is read again whole to say what it is.</summary>
        NotAnObject,
    }

    /// <summary>Reads a whole seekable stream positioned at the file's start (see <see cref="TokenFileCodec.Read"/>).</summary>
    /// <param name="stream">The file content; seekable, so that a file that is not an object can be described.</param>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="nowMs">The time given to records without <c>created_at</c>.</param>
    /// <param name="bufferSize">The buffer's first size (tests use tiny ones, so every entry straddles buffers).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TokenFileFormatException">The content is not JSON, or not an object at the top level.</exception>
    public static async Task<TokenFileReadResult> ReadAsync(Stream stream, string path, long nowMs, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 4);
        var reader = new TokenFileReader(nowMs);
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            var start = 0;
            var end = 0;
            var eof = false;
            var first = true;
            var state = default(JsonReaderState);
            while (true)
            {
                if (!eof)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else if (end == buffer.Length)
                    {
                        // One entry is larger than the buffer: make room for it.
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    end += read;
                    eof = read == 0;
                    if (first && (end >= 3 || eof))
                    {
                        // A byte order mark is allowed (and dropped), as in a read of the whole file.
                        first = false;
                        if (buffer.AsSpan(0, end).StartsWith(ByteOrderMark))
                        {
                            start = 3;
                        }
                    }

                    if (first || (!eof && end < buffer.Length))
                    {
                        // Fill the buffer before parsing: fewer, larger steps.
                        continue;
                    }
                }

                if (reader._phase == Phase.Start && eof && buffer.AsSpan(start, end - start).Trim(" \t\r\n"u8).IsEmpty)
                {
                    // An empty file, or white space only, is an empty document.
                    return new TokenFileReadResult(TokenDocument.Empty, []);
                }

                int consumed;
                try
                {
                    consumed = reader.Parse(buffer.AsSpan(start, end - start), eof, ref state);
                }
                catch (JsonException ex)
                {
                    throw NotJson(path, ex);
                }

                start += consumed;
                if (reader._phase == Phase.NotAnObject)
                {
                    stream.Seek(0, SeekOrigin.Begin);
                    using var whole = new MemoryStream();
                    await stream.CopyToAsync(whole, cancellationToken);
                    throw NotAnObject(whole.ToArray(), path);
                }

                if (eof)
                {
                    // The last buffer was read as the final block: the reader has checked that the JSON is complete.
                    return new TokenFileReadResult(TokenDocument.Create(reader._pools), reader._warnings);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TokenFileFormatException NotJson(string path, JsonException ex) => new(
        $"The token file '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of that line). "
        + "Grok2Api does not start and leaves the file untouched: fix it or restore a backup.",
        ex);

    /// <summary>Says what the top level of a file that is not an object is; a file that is not JSON at all is reported as such.</summary>
    private static TokenFileFormatException NotAnObject(byte[] content, string path)
    {
        var text = content.AsSpan();
        if (text.StartsWith(ByteOrderMark))
        {
            text = text[3..];
        }

        JsonValueKind kind;
        try
        {
            using var json = JsonDocument.Parse(text.ToArray());
            kind = json.RootElement.ValueKind;
        }
        catch (JsonException ex)
        {
            return NotJson(path, ex);
        }

        return new TokenFileFormatException(
            $"The token file '{path}' must hold a JSON object of pools (\"ssoBasic\": [...]), but its top level is {TokenFileCodec.Describe(kind)}. "
            + "Grok2Api does not start and leaves the file untouched: fix it or restore a backup.");
    }

    /// <summary>Reads what it can of <paramref name="data"/>; returns the bytes consumed (the rest comes again, with more after it).</summary>
    private int Parse(ReadOnlySpan<byte> data, bool isFinalBlock, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, state);
        while (Step(data, ref reader))
        {
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Reads one token, or one whole entry; false when the buffer holds no more (or the file is done).</summary>
    private bool Step(ReadOnlySpan<byte> data, ref Utf8JsonReader reader)
    {
        var before = reader;
        if (_phase is Phase.NotAnObject || !reader.Read())
        {
            return false;
        }

        switch (_phase)
        {
            case Phase.Start:
                _phase = reader.TokenType == JsonTokenType.StartObject ? Phase.Pools : Phase.NotAnObject;
                return true;
            case Phase.Pools:
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    _pool = reader.GetString()!;
                    _phase = Phase.PoolValue;
                }
                else
                {
                    _phase = Phase.End;
                }

                return true;
            case Phase.PoolValue:
                return StartPool(ref reader, before);
            case Phase.Entries:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _pools.Add(new TokenDocument.PoolEntries(_pool, _tokens));
                    _phase = Phase.Pools;
                    return true;
                }

                return Entry(data, ref reader, before);
            default:
                // After the top-level object the reader itself refuses anything but white space.
                return true;
        }
    }

    private bool StartPool(ref Utf8JsonReader reader, Utf8JsonReader before)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                _tokens = [];
                _records = new TokenRecordReader(_pool, _nowMs);
                _index = -1;
                _phase = Phase.Entries;
                return true;
            case JsonTokenType.Null:
                _pools.Add(new TokenDocument.PoolEntries(_pool, new List<StoredToken>()));
                _phase = Phase.Pools;
                return true;
            default:
                var kind = TokenFileCodec.KindOf(reader.TokenType);
                if (kind == JsonValueKind.Object && !reader.TrySkip())
                {
                    reader = before;
                    return false;
                }

                _warnings.Add(new TokenFileWarning(_pool, -1, null, $"the pool is {TokenFileCodec.Describe(kind)}, not a list; it was read as empty"));
                _pools.Add(new TokenDocument.PoolEntries(_pool, new List<StoredToken>()));
                _phase = Phase.Pools;
                return true;
        }
    }

    /// <summary>One entry of a pool's list, once all of its bytes are in <paramref name="data"/>.</summary>
    private bool Entry(ReadOnlySpan<byte> data, ref Utf8JsonReader reader, Utf8JsonReader before)
    {
        var kind = TokenFileCodec.KindOf(reader.TokenType);
        StoredToken? record = null;
        string[]? repairs = null;
        if (kind is JsonValueKind.Object or JsonValueKind.Array)
        {
            var after = reader;
            if (!after.TrySkip())
            {
                reader = before;
                return false;
            }

            if (kind == JsonValueKind.Object)
            {
                // The whole record is here: read it as from a whole file (its own final block).
                var start = (int)reader.TokenStartIndex;
                var entry = new Utf8JsonReader(data[start..(int)after.BytesConsumed]);
                entry.Read();
                record = _records!.ReadObject(ref entry, out repairs);
            }

            reader = after;
        }
        else if (kind == JsonValueKind.String)
        {
            var bare = TokenIdentity.Normalize(reader.GetString());
            record = bare.Length == 0 ? null : _records!.FromBareString(bare);
        }

        _index++;
        Keep(kind, record, repairs);
        return true;
    }

    private void Keep(JsonValueKind kind, StoredToken? record, string[]? repairs)
    {
        if (record is null)
        {
            var what = kind is JsonValueKind.String or JsonValueKind.Object ? "has a blank or missing token" : $"is {TokenFileCodec.Describe(kind)}";
            _warnings.Add(new TokenFileWarning(_pool, _index, null, $"an entry {what}; it was skipped"));
            return;
        }

        if (!_seen.Add(record.Token))
        {
            _warnings.Add(new TokenFileWarning(_pool, _index, TokenIdentity.IdOf(record.Token), "the token appears more than once; the first occurrence was kept"));
            return;
        }

        if (repairs is not null)
        {
            // A record's repairs are reported only when it is kept, under its id.
            var id = TokenIdentity.IdOf(record.Token);
            foreach (var message in repairs)
            {
                _warnings.Add(new TokenFileWarning(_pool, _index, id, message));
            }
        }

        _tokens.Add(record);
    }
}
