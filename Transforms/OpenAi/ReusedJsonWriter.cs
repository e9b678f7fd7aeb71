using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.OpenAi;

/// <summary>
/// The one <see cref="Utf8JsonWriter"/> an answer writer (OpenAI or Anthropic) reuses for every event
/// or object it writes: made on first use, then pointed at each target in turn, so no writer is
/// allocated per event. Relaxed escaping: non-ASCII text and HTML characters go out as they are (this
/// is not HTML). Not thread-safe; dispose it.
/// </summary>
internal sealed class ReusedJsonWriter : IDisposable
{
    /// <summary>The options of every answer's JSON: relaxed escaping.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Utf8JsonWriter? _json;

    /// <summary>Writes a string value, or null.</summary>
    public static void WriteStringOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The writer, reset onto <paramref name="target"/>.</summary>
    /// <param name="target">Where the next JSON goes.</param>
    public Utf8JsonWriter To(IBufferWriter<byte> target)
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(target, Options);
        }
        else
        {
            _json.Reset(target);
        }

        return _json;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _json?.Dispose();
        _json = null;
    }
}
