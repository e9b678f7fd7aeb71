using System.Text.Encodings.Web;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// Reads <c>input</c>: a string (one user message) or an array of items. Messages (<c>type</c>
/// <c>message</c> or absent, role user, system, developer or assistant) have a string content or parts
/// (<c>input_text</c>, <c>input_image</c>, <c>input_file</c>; in assistant messages also
/// <c>output_text</c> and <c>refusal</c>); <c>function_call</c> items become the tool calls of an
/// assistant turn (consecutive calls, and calls right after an assistant message, join one turn);
/// <c>function_call_output</c> items become tool results; <c>reasoning</c> items are ignored. Each item
/// is also kept, normalised and with an id, for the input-items listing.
/// </summary>
internal static class ResponsesInputReader
{
    private const string SupportedRoles = "'user', 'system', 'developer' and 'assistant'";
    private const string SupportedParts = "'input_text', 'input_image' and 'input_file' (and 'output_text' or 'refusal' in assistant messages)";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static OpenAiError? Read(JsonElement root, ReadOnlyMemory<byte> body, out List<ConversationMessage> messages, out List<string> items)
    {
        messages = [];
        items = [];
        if (!ChatRequestJson.TryGetValue(root, "input", out var input))
        {
            return ChatRequestErrors.Missing("input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(input, "input", out var text) is { } textError)
            {
                return textError;
            }

            messages.Add(new ConversationMessage("user", [new ConversationPart(ConversationPartKind.Text, text, null, null, "input")]));
            items.Add(Item(json =>
            {
                WriteHead(json, ResponsesIds.New("msg"), "message");
                json.WriteString("role"u8, "user"u8);
                json.WriteStartArray("content"u8);
                WriteTextPart(json, "input_text", text);
                json.WriteEndArray();
            }));
            return null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType("input", "a string or an array of input items", input.ValueKind);
        }

        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var param = ChatMessageReader.Index("input", index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                return ChatRequestErrors.InvalidType(param, "an object", item.ValueKind);
            }

            var type = "message";
            if (ChatRequestJson.TryGetValue(item, "type", out var typeValue) && ChatRequestJson.ReadString(typeValue, param + ".type", out type) is { } typeError)
            {
                return typeError;
            }

            var error = type switch
            {
                "message" => ReadMessage(item, param, body, messages, items),
                "function_call" => ReadCall(item, param, messages, items),
                "function_call_output" => ReadOutput(item, param, body, messages, items),
                "reasoning" => null,
                _ => ResponsesRequestErrors.UnsupportedItemType(param + ".type", type),
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static OpenAiError? ReadMessage(JsonElement item, string param, ReadOnlyMemory<byte> body, List<ConversationMessage> messages, List<string> items)
    {
        if (ChatRequestJson.ReadRequiredString(item, "role", param + ".role", out var role) is { } roleError)
        {
            return roleError;
        }

        if (role is not ("user" or "system" or "developer" or "assistant"))
        {
            return ChatRequestErrors.InvalidValue(param + ".role", role, SupportedRoles);
        }

        var contentParam = param + ".content";
        if (!ChatRequestJson.TryGetValue(item, "content", out var content))
        {
            return ChatRequestErrors.Missing(contentParam);
        }

        var id = IdOf(item, "msg");
        if (content.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(content, contentParam, out var text) is { } textError)
            {
                return textError;
            }

            messages.Add(new ConversationMessage(role, [new ConversationPart(ConversationPartKind.Text, text, null, null, contentParam)]));
            items.Add(Item(json =>
            {
                WriteHead(json, id, "message");
                json.WriteString("role"u8, role);
                json.WriteStartArray("content"u8);
                WriteTextPart(json, role == ChatRoles.Assistant ? "output_text" : "input_text", text);
                json.WriteEndArray();
            }));
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType(contentParam, "a string or an array of content parts", content.ValueKind);
        }

        if (ReadParts(content, role, contentParam, body, out var parts) is { } partsError)
        {
            return partsError;
        }

        messages.Add(new ConversationMessage(role, parts));
        items.Add(Item(json =>
        {
            WriteHead(json, id, "message");
            json.WriteString("role"u8, role);
            json.WritePropertyName("content"u8);
            content.WriteTo(json);
        }));
        return null;
    }

    private static OpenAiError? ReadCall(JsonElement item, string param, List<ConversationMessage> messages, List<string> items)
    {
        var name = "";
        var arguments = "";
        var error = ChatRequestJson.ReadRequiredString(item, "call_id", param + ".call_id", out var callId);
        error ??= ChatRequestJson.ReadRequiredString(item, "name", param + ".name", out name);
        error ??= ChatRequestJson.ReadRequiredString(item, "arguments", param + ".arguments", out arguments);
        if (error is not null)
        {
            return error;
        }

        if (callId.Length == 0)
        {
            return ChatRequestErrors.Missing(param + ".call_id");
        }

        if (!OpenAiToolReader.IsValidName(name))
        {
            return ResponsesRequestErrors.InvalidToolName(param + ".name");
        }

        if (string.IsNullOrWhiteSpace(arguments))
        {
            arguments = "{}";
        }
        else if (!IsJsonObject(arguments))
        {
            return ResponsesRequestErrors.InvalidArguments(param + ".arguments");
        }

        var call = new ToolCall(callId, name, arguments);
        // The calls of one turn: after the turn's text (an assistant message) or after another call.
        if (messages.Count > 0 && messages[^1].Role == ChatRoles.Assistant)
        {
            // The turn's calls are a list of this reader's own while it reads, so many calls stay linear.
            var turn = messages[^1];
            if (turn.ToolCalls is List<ToolCall> calls)
            {
                calls.Add(call);
            }
            else
            {
                messages[^1] = turn with { ToolCalls = new List<ToolCall>(turn.ToolCalls) { call } };
            }
        }
        else
        {
            messages.Add(new ConversationMessage(ChatRoles.Assistant, []) { ToolCalls = new List<ToolCall> { call } });
        }

        var id = IdOf(item, "fc");
        items.Add(Item(json =>
        {
            WriteHead(json, id, "function_call");
            json.WriteString("status"u8, "completed"u8);
            json.WriteString("call_id"u8, callId);
            json.WriteString("name"u8, name);
            json.WriteString("arguments"u8, arguments);
        }));
        return null;
    }

    private static OpenAiError? ReadOutput(JsonElement item, string param, ReadOnlyMemory<byte> body, List<ConversationMessage> messages, List<string> items)
    {
        if (ChatRequestJson.ReadRequiredString(item, "call_id", param + ".call_id", out var callId) is { } idError)
        {
            return idError;
        }

        var outputParam = param + ".output";
        if (!ChatRequestJson.TryGetValue(item, "output", out var output))
        {
            return ChatRequestErrors.Missing(outputParam);
        }

        IReadOnlyList<ConversationPart> parts;
        if (output.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(output, outputParam, out var text) is { } textError)
            {
                return textError;
            }

            parts = [new ConversationPart(ConversationPartKind.Text, text, null, null, outputParam)];
        }
        else if (output.ValueKind == JsonValueKind.Array)
        {
            if (ReadParts(output, ConversationMessage.ToolRole, outputParam, body, out var list) is { } partsError)
            {
                return partsError;
            }

            parts = list;
        }
        else
        {
            return ChatRequestErrors.InvalidType(outputParam, "a string or an array of content parts", output.ValueKind);
        }

        messages.Add(new ConversationMessage(ConversationMessage.ToolRole, parts) { ToolCallId = callId });
        var id = IdOf(item, "fco");
        items.Add(Item(json =>
        {
            WriteHead(json, id, "function_call_output");
            json.WriteString("status"u8, "completed"u8);
            json.WriteString("call_id"u8, callId);
            json.WritePropertyName("output"u8);
            output.WriteTo(json);
        }));
        return null;
    }

    private static OpenAiError? ReadParts(JsonElement array, string role, string param, ReadOnlyMemory<byte> body, out List<ConversationPart> parts)
    {
        parts = new List<ConversationPart>(array.GetArrayLength());
        var index = 0;
        foreach (var block in array.EnumerateArray())
        {
            if (ReadPart(block, role, ChatMessageReader.Index(param, index++), body, out var part) is { } error)
            {
                return error;
            }

            parts.Add(part!);
        }

        return null;
    }

    private static OpenAiError? ReadPart(JsonElement block, string role, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        if (ChatRequestJson.ReadKindedObject(block, "type", param, out var type, out var typeParam) is { } typeError)
        {
            return typeError;
        }

        var mediaAllowed = role is "user" or ConversationMessage.ToolRole;
        switch (type)
        {
            case "input_text":
                return OpenAiPartReader.ReadText(block, "text", param, out part);
            case "output_text" when role == ChatRoles.Assistant:
                return OpenAiPartReader.ReadText(block, "text", param, out part);
            case "refusal" when role == ChatRoles.Assistant:
                return OpenAiPartReader.ReadText(block, "refusal", param, out part);
            case "input_image" or "input_file" when !mediaAllowed:
                return ChatRequestErrors.MediaOutsideUser(typeParam, type, role);
            case "input_image":
                return ReadImage(block, param, body, out part);
            case "input_file":
                return ReadFile(block, param, body, out part);
            default:
                return ChatRequestErrors.InvalidValue(typeParam, type, SupportedParts);
        }
    }


    private static OpenAiError? ReadImage(JsonElement block, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        var urlParam = param + ".image_url";
        if (ChatRequestJson.TryGetValue(block, "image_url", out var url))
        {
            return OpenAiPartReader.ReadMedia(url, body, ConversationPartKind.Image, urlParam, null, out part);
        }

        return ChatRequestJson.TryGetValue(block, "file_id", out _)
            ? ResponsesRequestErrors.FileIdUnsupported(param + ".file_id")
            : ChatRequestErrors.Missing(urlParam);
    }

    private static OpenAiError? ReadFile(JsonElement block, string param, ReadOnlyMemory<byte> body, out ConversationPart? part)
    {
        part = null;
        if (OpenAiPartReader.ReadFileName(block, param, out var fileName) is { } nameError)
        {
            return nameError;
        }

        if (ChatRequestJson.TryGetValue(block, "file_data", out var data))
        {
            return OpenAiPartReader.ReadMedia(data, body, ConversationPartKind.File, param + ".file_data", fileName, out part);
        }

        if (ChatRequestJson.TryGetValue(block, "file_url", out var url))
        {
            return OpenAiPartReader.ReadMedia(url, body, ConversationPartKind.File, param + ".file_url", fileName, out part);
        }

        return ChatRequestJson.TryGetValue(block, "file_id", out _)
            ? ResponsesRequestErrors.FileIdUnsupported(param + ".file_id")
            : ChatRequestErrors.Missing(param + ".file_data");
    }


    private static string IdOf(JsonElement item, string prefix) =>
        item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 128 } given
            ? given
            : ResponsesIds.New(prefix);

    internal static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteHead(Utf8JsonWriter json, string id, string type)
    {
        json.WriteString("id"u8, id);
        json.WriteString("type"u8, type);
    }

    private static void WriteTextPart(Utf8JsonWriter json, string type, string text)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, type);
        json.WriteString("text"u8, text);
        if (type == "output_text")
        {
            json.WriteStartArray("annotations"u8);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static string Item(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
