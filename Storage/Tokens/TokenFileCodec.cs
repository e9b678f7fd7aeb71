using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Reads and writes <c>token.json</c> in the original project's format: an object whose keys are
/// pool names and whose values are arrays of records or bare token strings.
/// </summary>
internal static class TokenFileCodec
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Parses the file content. Bare strings become default records, <c>sso=</c> prefixes are
    /// removed, blank and repeated tokens are skipped (the first occurrence wins), unknown pools and
    /// record fields are kept. An empty file or <c>{}</c> is an empty document.
    /// </summary>
    /// <param name="content">The file bytes (UTF-8, with or without a byte order mark).</param>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="nowMs">The time given to records without <c>created_at</c>, in ms since the epoch.</param>
    /// <exception cref="TokenFileFormatException">The content is not JSON, or not an object at the top level.</exception>
    public static TokenFileReadResult Read(ReadOnlyMemory<byte> content, string path, long nowMs)
    {
        var span = content.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        if (content.Span.Trim((ReadOnlySpan<byte>)" \t\r\n"u8).IsEmpty)
        {
            return new TokenFileReadResult(TokenDocument.Empty, []);
        }

        try
        {
            return ReadObject(content.Span, path, nowMs);
        }
        catch (JsonException ex)
        {
            throw NotJson(path, ex);
        }
    }

    /// <summary>
    /// Serializes the document like the original: indented with two spaces, UTF-8 without escaping
    /// non-ASCII text, ssoBasic then ssoSuper then other pools, fields in the original order and
    /// unknown fields last.
    /// </summary>
    /// <param name="document">The tokens.</param>
    public static byte[] Write(TokenDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new ArrayBufferWriter<byte>(256 + (document.Count * 400));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var pool in document.Pools)
            {
                writer.WriteStartArray(pool.Name);
                foreach (var token in pool.Tokens)
                {
                    TokenRecordWriter.Write(writer, token);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return TokenFileUnescaper.Unescape(buffer.WrittenSpan);
    }

    /// <summary>
    /// One pass of a <see cref="Utf8JsonReader"/> over the whole file: no document object, each record
    /// built once. The reader checks the whole text, so a file with an error anywhere is refused
    /// before anything it holds is used.
    /// </summary>
    private static TokenFileReadResult ReadObject(ReadOnlySpan<byte> content, string path, long nowMs)
    {
        var reader = new Utf8JsonReader(content);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Report a file that is not JSON at all as such, as for any other syntax error.
            using (var json = JsonDocument.Parse(content.ToArray()))
            {
                throw new TokenFileFormatException(
                    $"The token file '{path}' must hold a JSON object of pools (\"ssoBasic\": [...]), but its top level is {Describe(json.RootElement.ValueKind)}. "
                    + "Grok2Api does not start and leaves the file untouched: fix it or restore a backup.");
            }
        }

        var warnings = new List<TokenFileWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pools = new List<TokenDocument.PoolEntries>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            pools.Add(new TokenDocument.PoolEntries(name, ReadPool(ref reader, name, nowMs, seen, warnings)));
        }

        // Anything after the top-level object is an error, as for a document parse.
        while (reader.Read())
        {
        }

        return new TokenFileReadResult(TokenDocument.Create(pools), warnings);
    }

    private static TokenFileFormatException NotJson(string path, JsonException ex) => new(
        $"The token file '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of that line). "
        + "Grok2Api does not start and leaves the file untouched: fix it or restore a backup.",
        ex);

    private static List<StoredToken> ReadPool(ref Utf8JsonReader reader, string pool, long nowMs, HashSet<string> seen, List<TokenFileWarning> warnings)
    {
        var tokens = new List<StoredToken>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return tokens;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var kind = KindOf(reader.TokenType);
            reader.Skip();
            warnings.Add(new TokenFileWarning(pool, -1, null, $"the pool is {Describe(kind)}, not a list; it was read as empty"));
            return tokens;
        }

        var records = new TokenRecordReader(pool, nowMs);
        var index = -1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index++;
            var kind = KindOf(reader.TokenType);
            StoredToken? record = null;
            string[]? repairs = null;
            switch (kind)
            {
                case JsonValueKind.String:
                    var bare = TokenIdentity.Normalize(reader.GetString());
                    record = bare.Length == 0 ? null : records.FromBareString(bare);
                    break;
                case JsonValueKind.Object:
                    record = records.ReadObject(ref reader, out repairs);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            if (record is null)
            {
                var what = kind is JsonValueKind.String or JsonValueKind.Object ? "has a blank or missing token" : $"is {Describe(kind)}";
                warnings.Add(new TokenFileWarning(pool, index, null, $"an entry {what}; it was skipped"));
                continue;
            }

            if (!seen.Add(record.Token))
            {
                warnings.Add(new TokenFileWarning(pool, index, TokenIdentity.IdOf(record.Token), "the token appears more than once; the first occurrence was kept"));
                continue;
            }

            if (repairs is not null)
            {
                // A record's repairs are reported only when it is kept, under its id.
                var id = TokenIdentity.IdOf(record.Token);
                foreach (var message in repairs)
                {
                    warnings.Add(new TokenFileWarning(pool, index, id, message));
                }
            }

            tokens.Add(record);
        }

        return tokens;
    }

    private static JsonValueKind KindOf(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
