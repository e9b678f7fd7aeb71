namespace Grok2Api.Proxy.Pipeline;

/// <summary>The time limits of one attempt.</summary>
/// <param name="Start">Longest wait for the first data of the answer, once it was requested (<c>chat.timeout</c>).</param>
/// <param name="Silence">Longest silence between data once the answer has started (<c>chat.stream_timeout</c>).</param>
internal sealed record AttemptTimeouts(TimeSpan Start, TimeSpan Silence);
