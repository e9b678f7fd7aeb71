namespace Grok2Api.Transforms.Conversations;

/// <summary>One validated message of a conversation.</summary>
/// <param name="Role">developer, system, user or assistant, as the client named it.</param>
/// <param name="Parts">The parts, in order; a plain string content is one text part.</param>
public sealed record ConversationMessage(string Role, IReadOnlyList<ConversationPart> Parts);
