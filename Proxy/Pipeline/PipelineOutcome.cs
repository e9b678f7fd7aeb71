namespace Grok2Api.Proxy.Pipeline;

/// <summary>The outcome of one request through the pipeline.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Failure">The last failure, unless it succeeded or the client left before any failure.</param>
/// <param name="Attempts">Accounts tried.</param>
/// <param name="TokenId">The public id of the last account tried (never the token), or null when none was leased.</param>
internal sealed record PipelineOutcome(PipelineStatus Status, UpstreamFailure? Failure, int Attempts, string? TokenId);
