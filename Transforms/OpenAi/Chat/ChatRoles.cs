namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>The message roles <c>/v1/chat/completions</c> accepts (docs/grok-protocol.md §3.3). Roles are case-sensitive, as in OpenAI.</summary>
public static class ChatRoles
{
    /// <summary><c>developer</c>: instructions, flattened as <c>developer: ...</c>.</summary>
    public const string Developer = "developer";

    /// <summary><c>system</c>: instructions, flattened as <c>system: ...</c>.</summary>
    public const string System = "system";

    /// <summary><c>user</c>: the only role that may carry media.</summary>
    public const string User = "user";

    /// <summary><c>assistant</c>: earlier answers; its content may be null (e.g. a turn that only carried tool calls).</summary>
    public const string Assistant = "assistant";

    /// <summary><c>tool</c>: a tool's result, answering the assistant's call named by <c>tool_call_id</c>.</summary>
    public const string Tool = ConversationMessage.ToolRole;

    /// <summary>Whether <paramref name="role"/> is one of the five accepted roles.</summary>
    /// <param name="role">The role as sent.</param>
    public static bool IsSupported(string role) => role is Developer or System or User or Assistant or Tool;
}
