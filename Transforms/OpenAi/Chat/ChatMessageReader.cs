namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Reads <c>messages</c>: a non-empty array of objects with a supported <c>role</c> and a
/// <c>content</c> that is a string or an array of blocks. Assistant messages may have no content
/// (null or absent, e.g. a turn that only carried <c>tool_calls</c>); they then contribute no
/// text. Other message fields (<c>name</c>, <c>tool_calls</c>, ...) are ignored.
/// </summary>
internal static class ChatMessageReader
{
    private const string SupportedRoles = "'developer', 'system', 'user' and 'assistant'";

    public static OpenAiError? Read(JsonElement root, ReadOnlyMemory<byte> body, out IReadOnlyList<ConversationMessage> messages)
    {
        messages = [];
        if (!ChatRequestJson.TryGetValue(root, "messages", out var array))
        {
            return ChatRequestErrors.Missing("messages");
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType("messages", "an array", array.ValueKind);
        }

        var list = new List<ConversationMessage>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (ReadMessage(item, Index("messages", index), body, out var message) is { } error)
            {
                return error;
            }

            list.Add(message!);
            index++;
        }

        if (list.Count == 0)
        {
            return ChatRequestErrors.EmptyArray("messages");
        }

        messages = list;
        return null;
    }

    internal static string Index(string param, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{param}[{index}]");

    private static OpenAiError? ReadMessage(JsonElement item, string param, ReadOnlyMemory<byte> body, out ConversationMessage? message)
    {
        message = null;
        if (ChatRequestJson.ReadKindedObject(item, "role", param, out var role, out var roleParam) is { } roleError)
        {
            return roleError;
        }

        if (!ChatRoles.IsSupported(role))
        {
            return role is "tool" or "function"
                ? ChatRequestErrors.UnsupportedRole(roleParam, role)
                : ChatRequestErrors.InvalidValue(roleParam, role, SupportedRoles);
        }

        if (ReadContent(item, role, param + ".content", body, out var parts) is { } contentError)
        {
            return contentError;
        }

        message = new ConversationMessage(role, parts);
        return null;
    }

    private static OpenAiError? ReadContent(JsonElement item, string role, string param, ReadOnlyMemory<byte> body, out IReadOnlyList<ConversationPart> parts)
    {
        parts = [];
        if (!ChatRequestJson.TryGetValue(item, "content", out var content))
        {
            return role == ChatRoles.Assistant
                ? null
                : ChatRequestErrors.Missing(param, "only assistant messages may have no content.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            if (ChatRequestJson.ReadString(content, param, out var text) is { } textError)
            {
                return textError;
            }

            parts = [new ConversationPart(ConversationPartKind.Text, text, null, null, param)];
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return ChatRequestErrors.InvalidType(param, "a string or an array of content parts", content.ValueKind);
        }

        var list = new List<ConversationPart>(content.GetArrayLength());
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (ChatContentPartReader.Read(block, role, Index(param, index), body, out var part) is { } blockError)
            {
                return blockError;
            }

            list.Add(part!);
            index++;
        }

        parts = list;
        return null;
    }
}
