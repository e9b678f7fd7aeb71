using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// Parses upstream chat lines (docs/grok-protocol.md §4.1–4.6, §6.3) into one reused
/// <see cref="GrokLine"/>. One instance per response; not thread-safe; dispose to return its buffers.
/// </summary>
/// <remarks>
/// Tolerant like the original reader: each line is trimmed, blank lines and <c>[DONE]</c> are skipped,
/// a leading <c>data:</c> is removed, and a line that is not a JSON object is skipped and counted in
/// <see cref="InvalidLines"/>; nothing throws. Token lines are walked with <see cref="Utf8JsonReader"/>
/// and allocate nothing; the rarer parts (envelope, cards, progress, errors) go through
/// <see cref="JsonDocument"/>. This file is the hot path of chat streaming.
/// </remarks>
public sealed partial class GrokLineParser : IDisposable
{
    private static readonly string[] KnownMessageTags = ["final", "analysis", "header", "tool_usage_card", "summary", "assistant"];

    private readonly GrokLine _line = new(new PooledBuffer(256));
    private string? _lastResponseId;
    private string? _lastModelHash;
    private string? _lastMessageTag;

    /// <summary>How many lines were skipped because they were not a JSON object.</summary>
    public int InvalidLines { get; private set; }

    /// <summary>Parses one line (as returned by <see cref="GrokLineFramer"/>).</summary>
    /// <param name="line">The raw line, without its newline.</param>
    /// <returns>The parser's reused line object; <see cref="GrokLine.Parts"/> is <see cref="GrokLineParts.None"/> for a skipped line.</returns>
    public GrokLine Parse(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return Parse(line.FirstSpan);
        }

        // A line split across buffer segments is copied into an array rented for this parse only and
        // returned right after it: a slow stream, which waits far longer than it parses, holds no scratch.
        // The parsed line keeps nothing of the input (the token is copied into its own buffer).
        var length = checked((int)line.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(scratch);
            return Parse(scratch.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Parses one line held in a span.</summary>
    /// <param name="line">The raw line, without its newline.</param>
    /// <returns>The parser's reused line object.</returns>
    public GrokLine Parse(ReadOnlySpan<byte> line)
    {
        _line.Reset();
        line = Trim(line);
        if (line.StartsWith("data:"u8))
        {
            line = Trim(line[5..]);
        }

        if (line.IsEmpty || line.SequenceEqual("[DONE]"u8))
        {
            return _line;
        }

        if (line[0] != (byte)'{')
        {
            InvalidLines++;
            return _line;
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            ReadRoot(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a token with a lone UTF-16 surrogate that cannot become UTF-8.
            _line.Reset();
            InvalidLines++;
            return _line;
        }

        if (_line.Token.Length > 0)
        {
            _line.Parts |= _line.IsThinking ? GrokLineParts.ThinkingToken : GrokLineParts.Token;
        }

        if (_line.Parts == GrokLineParts.None)
        {
            _line.Parts = GrokLineParts.Metadata;
        }

        return _line;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _line.TokenBuffer.Dispose();
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span)
    {
        span = span.Trim(" \t\r\n\f\v"u8);
        return span.StartsWith("\uFEFF"u8) ? span[3..].Trim(" \t\r\n\f\v"u8) : span;
    }

    private void ReadRoot(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Not an object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                ReadResult(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                using var doc = JsonDocument.ParseValue(ref reader);
                SetError(GrokEnvelopeReader.ReadTopLevelError(doc.RootElement));
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the object is an error for the reader, which makes the line invalid.
        if (reader.Read())
        {
            throw new JsonException("Trailing data.");
        }
    }

    private void ReadResult(ref Utf8JsonReader reader)
    {
        if (!IsObjectOrSkip(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                ReadResponse(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadResponse(ref Utf8JsonReader reader)
    {
        if (!IsObjectOrSkip(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("token"u8))
            {
                reader.Read();
                ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("isThinking"u8))
            {
                reader.Read();
                _line.IsThinking = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                _line.ResponseId ??= ReadCachedString(ref reader, ref _lastResponseId);
            }
            else if (reader.ValueTextEquals("messageTag"u8))
            {
                reader.Read();
                _line.MessageTag = ReadMessageTag(ref reader);
            }
            else if (reader.ValueTextEquals("isSoftStop"u8))
            {
                reader.Read();
                _line.IsSoftStop = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("llmInfo"u8))
            {
                reader.Read();
                ReadLlmInfo(ref reader);
            }
            else if (!TryReadRarePart(ref reader))
            {
                reader.Skip();
            }
        }
    }

    private void ReadToken(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return;
        }

        var buffer = _line.TokenBuffer;
        buffer.Clear();
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var written = reader.CopyString(buffer.GetSpan(length));
        buffer.Advance(written);
    }

    private void ReadLlmInfo(ref Utf8JsonReader reader)
    {
        if (!IsObjectOrSkip(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("modelHash"u8))
            {
                reader.Read();
                _line.ModelHash ??= ReadCachedString(ref reader, ref _lastModelHash);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Whether the reader is on the start of an object; any other value (null, scalar, array) is skipped.</summary>
    private static bool IsObjectOrSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    private void SetError(GrokStreamError error)
    {
        _line.Error ??= error;
        _line.Parts |= GrokLineParts.Error;
    }

    /// <summary>Returns <paramref name="cache"/> when the string value equals it, so a repeated id costs no allocation.</summary>
    private static string? ReadCachedString(ref Utf8JsonReader reader, ref string? cache)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (cache is not null && reader.ValueTextEquals(cache))
        {
            return cache;
        }

        var value = reader.GetString();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        cache = value;
        return value;
    }

    private string? ReadMessageTag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        foreach (var known in KnownMessageTags)
        {
            if (reader.ValueTextEquals(known))
            {
                return known;
            }
        }

        return ReadCachedString(ref reader, ref _lastMessageTag);
    }
}
