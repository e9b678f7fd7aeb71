using System.Buffers;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>Runs upstream lines through framer, parser, the Grok answer decoder and the OpenAI chat writer, as the conversation exchange does.</summary>
internal static class ChatTranslatorHarness
{
    public static readonly string[] DefaultFilterTags = ["xaiartifact", "xai:tool_usage_card", "grok:render"];

    public static ChatAnswerOptions Options(
        bool stream,
        ReasoningMode mode = ReasoningMode.ReasoningContent,
        bool includeUsage = false,
        string? prompt = null) => new()
        {
            CompletionId = "chatcmpl-test0001",
            Model = "grok-4",
            Created = 1_700_000_000,
            Stream = stream,
            Reasoning = mode,
            IncludeUsage = includeUsage,
            Prompt = prompt,
        };

    /// <summary>Translates an upstream body; <paramref name="fail"/> ends a stream with an error instead of completing it.</summary>
    public static async Task<string> RunAsync(string body, ChatAnswerOptions options, IMediaLinker? linker = null, bool fail = false)
    {
        var output = new ArrayBufferWriter<byte>();
        using var parser = new GrokLineParser();
        using var translator = new TestTranslation(options, linker ?? new ChatTranslatorTestLinker(), output);
        var framer = new GrokLineFramer();
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body));
        while (framer.TryReadLine(ref buffer, out var line))
        {
            await translator.ApplyAsync(parser.Parse(line), TestContext.Current.CancellationToken)
                .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        if (framer.TryReadFinalLine(ref buffer, out var last))
        {
            await translator.ApplyAsync(parser.Parse(last), TestContext.Current.CancellationToken)
                .AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        if (fail)
        {
            translator.Fail(new OpenAiError("Upstream stream broke off.", OpenAiErrorTypes.Server, null, "upstream_error"));
        }
        else
        {
            translator.Complete();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The JSON payloads of the <c>data:</c> events, without <c>[DONE]</c>.</summary>
    public static List<JsonElement> Events(string sse)
    {
        Assert.EndsWith("data: [DONE]\n\n", sse, StringComparison.Ordinal);
        var events = new List<JsonElement>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block, StringComparison.Ordinal);
            var data = block["data: ".Length..];
            if (data != "[DONE]")
            {
                events.Add(JsonDocument.Parse(data).RootElement.Clone());
            }
        }

        return events;
    }

    /// <summary>The concatenated <c>delta.&lt;field&gt;</c> of all chunks.</summary>
    public static string Deltas(string sse, string field)
    {
        var text = new StringBuilder();
        foreach (var e in Events(sse))
        {
            if (e.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty(field, out var value))
            {
                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }

    /// <summary><c>choices[0].message.&lt;field&gt;</c> of a non-stream body; null when absent.</summary>
    public static string? Message(string json, string field)
    {
        var message = JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].GetProperty("message");
        return message.TryGetProperty(field, out var value) ? value.GetString() : null;
    }

    /// <summary>Joins upstream lines into an NDJSON body.</summary>
    public static string Body(params string[] lines) => string.Join('\n', lines) + "\n";

    public static string Token(string text, bool thinking = false, string? modelHash = null)
    {
        var fields = new Dictionary<string, object> { ["token"] = text, ["isThinking"] = thinking, ["responseId"] = "r1" };
        if (modelHash is not null)
        {
            fields["llmInfo"] = new Dictionary<string, string> { ["modelHash"] = modelHash };
        }

        return Response(fields);
    }

    public static string Response(object fields) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["result"] = new Dictionary<string, object> { ["response"] = fields } });

    public static string ModelResponse(string message, string[]? images = null, string[]? cards = null) => Response(new Dictionary<string, object>
    {
        ["modelResponse"] = new Dictionary<string, object>
        {
            ["responseId"] = "r1",
            ["message"] = message,
            ["generatedImageUrls"] = images ?? [],
            ["cardAttachmentsJson"] = cards ?? [],
        },
    });

    public static string CardLine(string jsonData) =>
        Response(new Dictionary<string, object> { ["cardAttachment"] = new Dictionary<string, string> { ["jsonData"] = jsonData } });

    public static string ImageCard(string id, string original, string? title = null) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = id,
        ["cardType"] = "image_card",
        ["image"] = title is null ? new Dictionary<string, string> { ["original"] = original } : new Dictionary<string, string> { ["original"] = original, ["title"] = title },
    });

    public static string Marker(string id) =>
        $"<grok:render card_id=\"{id}\" card_type=\"image_card\" type=\"render_searched_image\"><argument name=\"size\">LARGE</argument></grok:render>";
}

/// <summary>The decoder and the writer of one answer, as the conversation exchange pairs them.</summary>
internal sealed class TestTranslation : IDisposable
{
    public TestTranslation(ChatAnswerOptions options, IMediaLinker linker, IBufferWriter<byte> output, IReadOnlyList<string>? filterTags = null)
    {
        Writer = new ChatAnswerWriter(options, output);
        Decoder = new GrokAnswerDecoder(Writer, linker, filterTags ?? ChatTranslatorHarness.DefaultFilterTags);
    }

    public ChatAnswerWriter Writer { get; }

    public GrokAnswerDecoder Decoder { get; }

    public ValueTask ApplyAsync(GrokLine line, CancellationToken cancellationToken) => Decoder.ApplyAsync(line, cancellationToken);

    public void Complete() => Decoder.Complete();

    public void Fail(OpenAiError error) => Writer.Fail(error);

    public void Dispose()
    {
        Decoder.Dispose();
        Writer.Dispose();
    }
}
