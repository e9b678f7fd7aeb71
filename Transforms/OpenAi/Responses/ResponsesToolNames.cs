namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>Gives each tool result (<c>function_call_output</c>) without a tool name the name of the call it answers.</summary>
internal static class ResponsesToolNames
{
    /// <summary>The messages, with tool results named after their calls where the call is known.</summary>
    /// <param name="messages">The messages in order.</param>
    public static List<ConversationMessage> Resolve(List<ConversationMessage> messages)
    {
        Dictionary<string, string>? names = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            foreach (var call in message.ToolCalls)
            {
                names ??= new Dictionary<string, string>(StringComparer.Ordinal);
                names[call.Id] = call.Name;
            }

            if (message.Role == ConversationMessage.ToolRole && message.ToolName is null && message.ToolCallId is { } id
                && names is not null && names.TryGetValue(id, out var name))
            {
                messages[i] = message with { ToolName = name };
            }
        }

        return messages;
    }
}
