namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>What a completed <see cref="ResponsesAnswerWriter"/> produced, kept after the writer is disposed.</summary>
/// <param name="ResponseJson">The final response object (UTF-8 JSON), as <c>GET /v1/responses/{id}</c> returns it.</param>
/// <param name="Assistant">The answer as an assistant turn (its text and tool calls, with their call ids), or null when it had neither.</param>
/// <param name="FinalEvent">The held final event of a stream (<see cref="ResponsesAnswerOptions.HoldFinalEvent"/>), still to be written; otherwise null.</param>
public sealed record ResponsesResult(byte[] ResponseJson, ConversationMessage? Assistant, byte[]? FinalEvent);
