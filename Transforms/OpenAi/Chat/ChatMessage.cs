namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>One validated chat message.</summary>
/// <param name="Role">developer, system, user or assistant.</param>
/// <param name="Parts">The content blocks, in order; a string content is one text block.</param>
public sealed record ChatMessage(string Role, IReadOnlyList<ChatContentPart> Parts);
