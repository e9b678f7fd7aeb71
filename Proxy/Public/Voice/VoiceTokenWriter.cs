using System.IO.Pipelines;
using System.Text.Json;

namespace Grok2Api.Proxy.Public.Voice;

/// <summary>The answer of a voice token request: <c>{"token","url","participant_name":"","room_name":""}</c>, written whole at the end. One per attempt.</summary>
internal sealed class VoiceTokenWriter(PipeWriter output, string livekitUrl) : AnswerWriter
{
    private string? _token;

    public override bool Streams => false;

    /// <summary>The LiveKit token the upstream answered.</summary>
    public void Token(string token) => _token = token;

    public override void Text(ReadOnlySpan<byte> utf8)
    {
    }

    public override void Image(string alt, string url)
    {
    }

    public override void Complete()
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("token", _token);
        writer.WriteString("url", livekitUrl);
        writer.WriteString("participant_name", string.Empty);
        writer.WriteString("room_name", string.Empty);
        writer.WriteEndObject();
    }

    public override void Fail(UpstreamFailure failure) => EnsureFailureCanBeStreamed(finished: false);
}
