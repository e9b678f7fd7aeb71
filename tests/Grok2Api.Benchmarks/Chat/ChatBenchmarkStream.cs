using System.Text;
using System.Text.Json;

namespace Grok2Api.Benchmarks.Chat;

/// <summary>A synthetic upstream answer: the opening lines, 1,000 token lines of about 4 characters, the envelope.</summary>
internal static class ChatBenchmarkStream
{
    public const int TokenCount = 1_000;

    private static readonly string[] Words = ["The ", "quic", "k br", "own ", "fox ", "jump", "s ov", "er t", "he l", "azy ", "dog.", "\n\n- ", "**42", "** é", "a<b "];

    /// <summary>The token texts; every 250th token opens or closes an <c>xaiartifact</c> element, split across tokens.</summary>
    public static IReadOnlyList<string> Tokens()
    {
        var tokens = new List<string>(TokenCount);
        for (var i = 0; i < TokenCount; i++)
        {
            tokens.Add((i % 250) switch
            {
                100 => "<xai",
                101 => "artifact id=\"1\">",
                105 => "</xaiart",
                106 => "ifact>",
                _ => Words[i % Words.Length],
            });
        }

        return tokens;
    }

    public static byte[] TokenLine(string token, bool first) => Line(new Dictionary<string, object>
    {
        ["result"] = new Dictionary<string, object>
        {
            ["response"] = first
                ? new Dictionary<string, object> { ["token"] = token, ["isThinking"] = false, ["isSoftStop"] = false, ["responseId"] = "8c0e1f2a-0b5d-4a43-9c1e-2f3d4c5b6a79", ["messageTag"] = "final", ["llmInfo"] = new Dictionary<string, string> { ["modelHash"] = "Fk3pQ9x2" } }
                : new Dictionary<string, object> { ["token"] = token, ["isThinking"] = false, ["isSoftStop"] = false, ["responseId"] = "8c0e1f2a-0b5d-4a43-9c1e-2f3d4c5b6a79", ["messageTag"] = "final" },
        },
    });

    /// <summary>The whole upstream body, as NDJSON.</summary>
    public static byte[] Body()
    {
        var body = new MemoryStream();
        Append(body, Line(new Dictionary<string, object> { ["result"] = new Dictionary<string, object> { ["conversation"] = new Dictionary<string, string> { ["conversationId"] = "c-1" } } }));
        var tokens = Tokens();
        for (var i = 0; i < tokens.Count; i++)
        {
            Append(body, TokenLine(tokens[i], i == 0));
        }

        Append(body, Line(new Dictionary<string, object>
        {
            ["result"] = new Dictionary<string, object>
            {
                ["response"] = new Dictionary<string, object>
                {
                    ["modelResponse"] = new Dictionary<string, object>
                    {
                        ["responseId"] = "8c0e1f2a-0b5d-4a43-9c1e-2f3d4c5b6a79",
                        ["message"] = string.Concat(tokens),
                        ["generatedImageUrls"] = Array.Empty<string>(),
                        ["cardAttachmentsJson"] = Array.Empty<string>(),
                        ["metadata"] = new Dictionary<string, object> { ["llm_info"] = new Dictionary<string, string> { ["modelHash"] = "Fk3pQ9x2" } },
                    },
                },
            },
        }));
        return body.ToArray();
    }

    private static byte[] Line(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value));

    private static void Append(MemoryStream body, byte[] line)
    {
        body.Write(line);
        body.WriteByte((byte)'\n');
    }
}
