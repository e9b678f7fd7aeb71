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
    private IBufferWriter<byte>? _eventTarget;

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

    /// <summary>
    /// Starts a named server-sent event on <paramref name="target"/>: the line <c>event: type</c>, then
    /// <c>data: </c> and the event's object, opened with its <c>type</c> (the same name). The caller
    /// writes the object's other properties and then calls <see cref="EndEvent"/>.
    /// </summary>
    /// <param name="target">Where the event goes.</param>
    /// <param name="type">The event's name and <c>type</c> (ASCII).</param>
    /// <returns>The writer, inside the event's object.</returns>
    public Utf8JsonWriter StartEvent(IBufferWriter<byte> target, ReadOnlySpan<byte> type)
    {
        target.Write("event: "u8);
        target.Write(type);
        target.Write("\ndata: "u8);
        var json = To(target);
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        _eventTarget = target;
        return json;
    }

    /// <summary>Ends the event <see cref="StartEvent"/> began: closes its object and writes the blank line that ends it.</summary>
    /// <exception cref="InvalidOperationException">No event was started.</exception>
    public void EndEvent()
    {
        if (_json is null || _eventTarget is null)
        {
            throw new InvalidOperationException("No event was started.");
        }

        _json.WriteEndObject();
        _json.Flush();
        _eventTarget.Write("\n\n"u8);
        _eventTarget = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _json?.Dispose();
        _json = null;
        _eventTarget = null;
    }
}
