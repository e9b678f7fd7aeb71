using System.Buffers;
using System.Text.Json;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>The JSON events of an Imagine loop (SSE data and WebSocket messages alike). Pure.</summary>
internal static class PublicImagineEvents
{
    /// <summary><c>{"type":"status","status":"running","prompt","aspect_ratio","run_id"}</c>.</summary>
    public static byte[] Running(PublicImagineSpec spec, string runId) => Write(writer =>
    {
        writer.WriteString("type", "status");
        writer.WriteString("status", "running");
        writer.WriteString("prompt", spec.Prompt);
        writer.WriteString("aspect_ratio", spec.AspectRatio);
        writer.WriteString("run_id", runId);
    });

    /// <summary><c>{"type":"status","status":"stopped","run_id"}</c>: the last event of every loop.</summary>
    public static byte[] Stopped(string? runId) => Write(writer =>
    {
        writer.WriteString("type", "status");
        writer.WriteString("status", "stopped");
        writer.WriteString("run_id", runId);
    });

    /// <summary><c>{"type":"error","code","message","run_id"}</c>.</summary>
    public static byte[] Error(string code, string message, string? runId) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteString("run_id", runId);
    });

    /// <summary>Writes <c>{"type":"image","run_id","image_id","stage","b64_json","bytes"}</c> followed by a newline.</summary>
    public static void Image(IBufferWriter<byte> output, string runId, GeneratedImage image)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "image");
            writer.WriteString("run_id", runId);
            writer.WriteString("image_id", image.Id);
            writer.WriteString("stage", image.Stage switch
            {
                GeneratedImageStage.Preview => "preview",
                GeneratedImageStage.Medium => "medium",
                _ => "final",
            });
            writer.WriteString("b64_json", image.Base64.Span);
            writer.WriteNumber("bytes", DecodedLength(image.Base64.Span));
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static long DecodedLength(ReadOnlySpan<byte> base64)
    {
        var padding = base64.Length > 0 && base64[^1] == '=' ? (base64.Length > 1 && base64[^2] == '=' ? 2 : 1) : 0;
        return Math.Max(0, (base64.Length / 4 * 3) - padding);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
