using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.Anthropic;

/// <summary>
/// An Anthropic Messages API error: the body <c>{"type":"error","error":{"type":…,"message":…}}</c>
/// of an HTTP error, and the data of the <c>error</c> event that ends a broken stream.
/// </summary>
/// <param name="Type">One of <see cref="AnthropicErrorTypes"/>.</param>
/// <param name="Message">A human-readable message; never holds keys, tokens or upstream bodies.</param>
public sealed record AnthropicError(string Type, string Message)
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A 400 <c>invalid_request_error</c>.</summary>
    /// <param name="message">The message.</param>
    public static AnthropicError InvalidRequest(string message) => new(AnthropicErrorTypes.InvalidRequest, message);

    /// <summary>An error of the type that goes with <paramref name="status"/>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">The message.</param>
    public static AnthropicError ForStatus(int status, string message) => new(AnthropicErrorTypes.For(status), message);

    /// <summary>The whole error object, <c>{"type":"error","error":{…}}</c>, into <paramref name="json"/>.</summary>
    /// <param name="json">The writer.</param>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, Type);
        json.WriteString("message"u8, Message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The error object as UTF-8 JSON.</summary>
    public byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(128 + Message.Length);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteTo(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
