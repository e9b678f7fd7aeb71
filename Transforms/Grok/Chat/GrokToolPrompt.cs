using System.Text;
using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.Grok.Chat;

/// <summary>
/// The text of the tool-call protocol with the model (docs/tool-calling.md): the description of the
/// client's tools and of the tool choice that opens the prompt, an earlier call as the block the model
/// itself writes, and a tool's result. Tool-result text, like user text, goes in verbatim: not
/// escaped, not re-encoded. Pure; thread-safe.
/// </summary>
public static class GrokToolPrompt
{
    /// <summary>The tag that opens a call block.</summary>
    public const string CallOpen = "<tool_call>";

    /// <summary>The tag that closes a call block.</summary>
    public const string CallClose = "</tool_call>";

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The tools section: each tool as one JSON line, how to call, and the tool choice.</summary>
    /// <param name="tools">The request's tools; <see cref="ToolSet.Described"/> is true.</param>
    public static string Describe(ToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var text = new StringBuilder(256);
        text.Append("You can call tools that the user's application runs for you. The tools, one JSON object per line (name, description, JSON-schema parameters):\n");
        foreach (var tool in tools.Tools)
        {
            text.Append(DefinitionLine(tool)).Append('\n');
        }

        text.Append("\nTo call a tool, write a block exactly like this, on lines of its own:\n")
            .Append(CallOpen).Append("{\"name\":\"TOOL_NAME\",\"arguments\":{...}}").Append(CallClose).Append('\n')
            .Append("The arguments are a JSON object that follows the tool's parameters. ")
            .Append(tools.Parallel
                ? "Write one block per call; several blocks call several tools at once. "
                : "Call at most one tool per reply. ")
            .Append("Do not put the blocks in a code fence and do not explain the format. After your calls, end your reply: the results come back in the next message, in <tool_result> blocks.\n");
        text.Append(tools.Choice switch
        {
            ToolChoiceMode.Required => "In this reply you must call at least one tool.",
            ToolChoiceMode.Function => $"In this reply you must call the tool \"{tools.Required}\".",
            _ => "Call a tool when it helps you answer; otherwise answer in plain text.",
        });
        return text.ToString();
    }

    /// <summary>An earlier call, written as the model writes one: the arguments go in as the client sent them.</summary>
    /// <param name="call">The call.</param>
    public static string CallBlock(ToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var arguments = string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson.Trim();
        return $"{CallOpen}{{\"name\":{JsonString(call.Name)},\"arguments\":{arguments}}}{CallClose}";
    }

    /// <summary>A tool's result: the text verbatim, inside a block that names the tool and the call.</summary>
    /// <param name="name">The tool's name, when known.</param>
    /// <param name="callId">The id of the call it answers, when given.</param>
    /// <param name="isError">Whether the client marked the result as an error.</param>
    /// <param name="text">The result's text.</param>
    public static string ResultBlock(string? name, string? callId, bool isError, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var block = new StringBuilder(text.Length + 64).Append("<tool_result");
        if (name is not null && IsPlain(name))
        {
            block.Append(" name=\"").Append(name).Append('"');
        }

        if (callId is not null && IsPlain(callId))
        {
            block.Append(" call_id=\"").Append(callId).Append('"');
        }

        if (isError)
        {
            block.Append(" error=\"true\"");
        }

        return block.Append(">\n").Append(text).Append("\n</tool_result>").ToString();
    }

    private static string DefinitionLine(ToolDefinition tool)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + tool.ParametersJson.Length);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("name"u8, tool.Name);
            if (!string.IsNullOrEmpty(tool.Description))
            {
                json.WriteString("description"u8, tool.Description);
            }

            json.WritePropertyName("parameters"u8);
            json.WriteRawValue(string.IsNullOrWhiteSpace(tool.ParametersJson) ? "{}" : tool.ParametersJson, skipInputValidation: false);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string JsonString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Attribute values the model reads as they are: letters, digits and a few marks, 1 to 128 of them.
    private static bool IsPlain(string value)
    {
        if (value.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
