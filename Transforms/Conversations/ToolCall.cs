namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// A call of a client's tool: one the model made in its answer (the writer gives it the protocol's
/// id), or one of an earlier assistant turn that the client sends back (with the client's id).
/// </summary>
/// <param name="Id">The call id: the client's for an earlier turn; for a call of the answer, empty (the writer makes one).</param>
/// <param name="Name">The tool's name.</param>
/// <param name="ArgumentsJson">The arguments, raw JSON text of an object, as the model wrote them (not re-encoded).</param>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);
