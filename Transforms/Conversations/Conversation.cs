namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// A client's request in neutral form: what a client protocol's reader produces, and what the
/// upstream translation takes. Protocol details (stream framing, usage options) stay with the
/// protocol's own request.
/// </summary>
/// <param name="Model">The public model id the client asked for.</param>
/// <param name="Messages">The messages, in order; never empty.</param>
/// <param name="Options">The generation options.</param>
public sealed record Conversation(string Model, IReadOnlyList<ConversationMessage> Messages, GenerationOptions Options)
{
    /// <summary>The client's tools and tool choice, or null when it offered none.</summary>
    public ToolSet? Tools { get; init; }
}
