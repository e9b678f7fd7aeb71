namespace Grok2Api.Transforms.Conversations;

/// <summary>One validated message of a conversation.</summary>
/// <param name="Role">developer, system, user, assistant or tool (<see cref="ToolRole"/>), as the client named it.</param>
/// <param name="Parts">The parts, in order; a plain string content is one text part.</param>
public sealed record ConversationMessage(string Role, IReadOnlyList<ConversationPart> Parts)
{
    /// <summary>The role of a tool's result.</summary>
    public const string ToolRole = "tool";

    /// <summary>For an assistant turn: the tools it called, in order; empty otherwise.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a tool result (<see cref="ToolRole"/>): the id of the call it answers, as the client sent it.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>For a tool result: the tool's name when the client gave it (Responses and Anthropic find it from the call); otherwise null.</summary>
    public string? ToolName { get; init; }

    /// <summary>For a tool result: whether the client marked it as an error (Anthropic <c>is_error</c>).</summary>
    public bool IsError { get; init; }
}
