using System.Text;
using System.Text.Json;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>Everything a chat completion event stream said, read to its end.</summary>
public sealed class ChatStreamTranscript
{
    private ChatStreamTranscript(IReadOnlyList<string> events) => Events = events;

    /// <summary>Every <c>data:</c> payload in order, <c>[DONE]</c> included.</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>The JSON events (every event but <c>[DONE]</c>).</summary>
    public IReadOnlyList<JsonElement> Chunks => [.. Events.Where(e => e != "[DONE]").Select(Parse)];

    /// <summary>The concatenated <c>delta.content</c>.</summary>
    public string Content => Concat("content");

    /// <summary>The concatenated <c>delta.reasoning_content</c>.</summary>
    public string Reasoning => Concat("reasoning_content");

    /// <summary>The finish reasons sent, in order.</summary>
    public IReadOnlyList<string> FinishReasons =>
    [
        .. Choices().Where(c => c.TryGetProperty("finish_reason", out var r) && r.ValueKind == JsonValueKind.String)
            .Select(c => c.GetProperty("finish_reason").GetString()!),
    ];

    /// <summary>The events with a non-null <c>usage</c>.</summary>
    public IReadOnlyList<JsonElement> UsageChunks =>
        [.. Chunks.Where(c => c.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)];

    /// <summary>The <c>error</c> objects of error events.</summary>
    public IReadOnlyList<JsonElement> Errors =>
        [.. Chunks.Where(c => c.TryGetProperty("error", out _)).Select(c => c.GetProperty("error"))];

    /// <summary>True when the last event, and only it, is <c>[DONE]</c>.</summary>
    public bool EndsWithDone => Events.Count > 0 && Events[^1] == "[DONE]" && Events.Count(e => e == "[DONE]") == 1;

    /// <summary>Whether one event carries answer text (a non-empty <c>delta.content</c>).</summary>
    public static bool HasContent(string data)
    {
        if (data == "[DONE]")
        {
            return false;
        }

        var chunk = Parse(data);
        return chunk.TryGetProperty("choices", out var choices)
            && choices.ValueKind == JsonValueKind.Array
            && choices.EnumerateArray().Any(c => c.TryGetProperty("delta", out var delta)
                && delta.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String
                && content.GetString()!.Length > 0);
    }

    public static async Task<ChatStreamTranscript> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = await SseReader.OpenAsync(response, cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    /// <summary>Reads the rest of an already open stream.</summary>
    public static async Task<ChatStreamTranscript> ReadAsync(SseReader reader, CancellationToken cancellationToken, IEnumerable<string>? already = null)
    {
        var events = new List<string>(already ?? []);
        while (await reader.NextAsync(cancellationToken) is { } data)
        {
            events.Add(data);
        }

        return new ChatStreamTranscript(events);
    }

    private static JsonElement Parse(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }

    private IEnumerable<JsonElement> Choices() =>
        Chunks.Where(c => c.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            .SelectMany(c => c.GetProperty("choices").EnumerateArray());

    private string Concat(string field)
    {
        var text = new StringBuilder();
        foreach (var choice in Choices())
        {
            if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }
}
