using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Grok2Api.Proxy.Public.Voice;

/// <summary>A LiveKit voice token request: the voice, the personality and the playback speed, validated.</summary>
/// <param name="Voice">One of <see cref="Voices"/>.</param>
/// <param name="Personality">One of <see cref="Personalities"/>.</param>
/// <param name="Speed">0.5 to 2.0.</param>
internal sealed record PublicVoiceRequest(string Voice, string Personality, double Speed)
{
    /// <summary>The voices grok.com offers.</summary>
    public static readonly string[] Voices = ["ara", "eve", "leo", "rex", "sal", "gork"];

    /// <summary>The personalities grok.com offers.</summary>
    public static readonly string[] Personalities =
    [
        "assistant", "custom", "therapist", "storyteller", "kids_story_time", "kids_trivia_game", "meditation",
        "doc", "unhinged", "sexy", "motivation", "conspiracy", "romantic", "argumentative",
    ];

    /// <summary>Reads the query values; absent ones take ara, assistant and 1.0.</summary>
    public static bool TryCreate(string? voice, string? personality, string? speed, [NotNullWhen(true)] out PublicVoiceRequest? request, out (string Param, string Message) error)
    {
        request = null;
        voice = string.IsNullOrEmpty(voice) ? "ara" : voice;
        personality = string.IsNullOrEmpty(personality) ? "assistant" : personality;
        if (!Voices.Contains(voice, StringComparer.Ordinal))
        {
            error = ("voice", $"'voice' must be one of {string.Join(", ", Voices)}.");
            return false;
        }

        if (!Personalities.Contains(personality, StringComparer.Ordinal))
        {
            error = ("personality", $"'personality' must be one of {string.Join(", ", Personalities)}.");
            return false;
        }

        var value = 1.0;
        if (!string.IsNullOrEmpty(speed)
            && (!double.TryParse(speed, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value) || value is < 0.5 or > 2.0))
        {
            error = ("speed", "'speed' must be a number from 0.5 to 2.0.");
            return false;
        }

        request = new PublicVoiceRequest(voice, personality, value);
        error = default;
        return true;
    }

    /// <summary>The upstream body: <c>sessionPayload</c> is itself a JSON-encoded string.</summary>
    /// <param name="livekitUrl">The LiveKit server.</param>
    public byte[] UpstreamBody(string livekitUrl)
    {
        var session = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(session))
        {
            writer.WriteStartObject();
            writer.WriteString("voice", Voice);
            writer.WriteString("personality", Personality);
            writer.WriteNumber("playback_speed", Speed);
            writer.WriteBoolean("enable_vision", false);
            writer.WriteStartObject("turn_detection");
            writer.WriteString("type", "server_vad");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var body = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionPayload", session.WrittenSpan);
            writer.WriteBoolean("requestAgentDispatch", false);
            writer.WriteString("livekitUrl", livekitUrl);
            writer.WriteStartObject("params");
            writer.WriteString("enable_markdown_transcript", "true");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }
}
