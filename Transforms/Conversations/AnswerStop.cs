namespace Grok2Api.Transforms.Conversations;

/// <summary>Why the gateway ended an answer before the upstream did.</summary>
/// <param name="Reason">The limit that was reached.</param>
/// <param name="Sequence">For <see cref="AnswerStopReason.StopSequence"/>: the client's sequence that matched; otherwise null.</param>
public sealed record AnswerStop(AnswerStopReason Reason, string? Sequence = null);
