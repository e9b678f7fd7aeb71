using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Storage.Original;

/// <summary>
/// Gathers what a reader of the original's store finds into <see cref="OriginalStoreData"/>. Each
/// token record is turned into one JSON object of the <c>token.json</c> entry format and read by
/// <see cref="TokenRecordReader"/>, so a record of the original's store is read exactly like an
/// entry of its <c>token.json</c> (numbers as text, a field of the wrong type defaulted with a
/// warning, unknown fields kept); the token itself always comes from the key or the row, not from
/// the fields.
/// </summary>
/// <param name="where">Where the data is read, for <see cref="OriginalStoreData.Where"/>.</param>
/// <param name="nowMs">The time given to records without <c>created_at</c>.</param>
internal sealed class OriginalStoreCollector(string where, long nowMs)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<PooledToken> _tokens = [];
    private readonly List<OriginalStoreProblem> _problems = [];
    private readonly Dictionary<string, TokenRecordReader> _readers = new(StringComparer.Ordinal);
    private JsonObject? _config;
    private int _skipped;

    /// <summary>Token records read so far.</summary>
    public int TokenCount => _tokens.Count;

    /// <summary>Notes a problem that is not about one token record or config entry.</summary>
    /// <param name="key">The key or table.</param>
    /// <param name="message">What was wrong and what was done.</param>
    public void Problem(string key, string message) => _problems.Add(new OriginalStoreProblem(key, message));

    /// <summary>
    /// Adds one token record. <paramref name="writeFields"/> writes the record's fields as JSON
    /// properties (the collector opens and closes the object and writes <c>token</c> last).
    /// </summary>
    /// <param name="describe">Names the key or row from the token's public id, for problems.</param>
    /// <param name="pool">The pool the original kept it in.</param>
    /// <param name="token">The token as the key or row names it.</param>
    /// <param name="writeFields">Writes the fields; may throw <see cref="JsonException"/> for data that is not JSON (the record is then skipped).</param>
    /// <param name="staleFailReason">Whether a <c>last_fail_reason</c> with a zero <c>fail_count</c> is a leftover to drop (Redis: the original never deleted a field it set to null).</param>
    public void AddToken(Func<string, string> describe, string pool, string token, Action<Utf8JsonWriter> writeFields, bool staleFailReason)
    {
        var bare = TokenIdentity.Normalize(token);
        var key = describe(bare.Length == 0 ? "blank" : TokenIdentity.IdOf(bare));
        if (bare.Length == 0)
        {
            Skip(key, "the token is blank; the record was skipped");
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writeFields(writer);
                writer.WriteString("token", bare);
                writer.WriteEndObject();
            }
        }
        catch (JsonException)
        {
            // The parser's message may quote the data, which holds the token: it is not repeated.
            Skip(key, "the record's data is not a JSON object; it was skipped");
            return;
        }

        if (!_readers.TryGetValue(pool, out var records))
        {
            records = new TokenRecordReader(pool, nowMs);
            _readers[pool] = records;
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        var record = records.ReadObject(ref reader, out var repairs);
        if (record is null)
        {
            Skip(key, "the record has no token; it was skipped");
            return;
        }

        if (!_seen.Add(record.Token))
        {
            Skip(key, "the token appears more than once; the first occurrence was kept");
            return;
        }

        foreach (var repair in repairs ?? [])
        {
            Problem(key, repair);
        }

        if (staleFailReason && record.FailCount == 0 && record.LastFailReason is not null)
        {
            record = record with { LastFailReason = null };
        }

        _tokens.Add(new PooledToken(pool, record));
    }

    /// <summary>Adds one config entry: <paramref name="value"/> is the JSON text of the value.</summary>
    /// <param name="key">The entry's name in the original's store, for problems.</param>
    /// <param name="section">The section.</param>
    /// <param name="name">The key in the section.</param>
    /// <param name="value">The JSON text; null is a missing value.</param>
    public void AddConfig(string key, string section, string name, string? value)
    {
        if (section.Length == 0 || name.Length == 0)
        {
            Problem(key, "not a section.key name; left out");
            return;
        }

        JsonNode? node;
        try
        {
            node = value is null ? null : JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            Problem(key, "the value is not JSON; left out, its default applies");
            return;
        }

        if (node is null)
        {
            // The original stored null for a key it did not set: the default applies.
            return;
        }

        _config ??= [];
        if (_config[section] is not JsonObject table)
        {
            table = [];
            _config[section] = table;
        }

        table[name] = node;
    }

    /// <summary>
    /// Writes the fields of a Redis hash of the original's (every value a string): <c>tags</c> is
    /// the JSON text of a list and is written as JSON when it parses (as a string otherwise, which
    /// the reader defaults with a warning); every other value is written as a string, which the
    /// reader takes as a number where a number belongs.
    /// </summary>
    /// <param name="fields">The hash's fields.</param>
    public static Action<Utf8JsonWriter> HashFields(IReadOnlyList<KeyValuePair<string, string>> fields) => writer =>
    {
        foreach (var (name, value) in fields)
        {
            if (name == "token")
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (name == "tags" && IsJson(value))
            {
                writer.WriteRawValue(value, skipInputValidation: true);
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }
    };

    /// <summary>
    /// Writes the fields of a <c>data</c> column of the original's (the JSON of a <c>token.json</c>
    /// entry); a null or blank column is a record with every field at its default.
    /// </summary>
    /// <param name="data">The column's text.</param>
    /// <exception cref="JsonException">The text is not a JSON object (thrown when the action runs).</exception>
    public static Action<Utf8JsonWriter> DataFields(string? data) => writer =>
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return;
        }

        using var document = JsonDocument.Parse(data);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The data is not an object.");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name != "token")
            {
                property.WriteTo(writer);
            }
        }
    };

    /// <summary>What was gathered.</summary>
    public OriginalStoreData Build() => new(where, [.. _tokens], _config, [.. _problems], _skipped);

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Skip(string key, string message)
    {
        _skipped++;
        Problem(key, message);
    }
}
