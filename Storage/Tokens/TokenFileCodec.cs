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
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        var read = TokenFileReader.ReadAsync(stream, path, nowMs, TokenFileReader.DefaultBufferSize, CancellationToken.None);

        // A memory stream completes every read at once.
        return read.GetAwaiter().GetResult();
    }

    /// <summary>Reads the file from a seekable stream, a buffer at a time, with the rules of <see cref="Read"/>.</summary>
    /// <param name="stream">The file, at its start.</param>
    /// <param name="path">The file path, for error messages.</param>
    /// <param name="nowMs">The time given to records without <c>created_at</c>, in ms since the epoch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TokenFileFormatException">The content is not JSON, or not an object at the top level.</exception>
    public static Task<TokenFileReadResult> ReadAsync(Stream stream, string path, long nowMs, CancellationToken cancellationToken) =>
        TokenFileReader.ReadAsync(stream, path, nowMs, TokenFileReader.DefaultBufferSize, cancellationToken);

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

    /// <summary>The kind of value a JSON token starts.</summary>
    internal static JsonValueKind KindOf(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    /// <summary>A value kind in words, for warnings and errors.</summary>
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
