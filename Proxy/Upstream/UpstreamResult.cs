namespace Grok2Api.Proxy.Upstream;

/// <summary>The outcome of one logical upstream call, after retries.</summary>
/// <param name="Failure">What went wrong, or null for a 2xx answer.</param>
/// <param name="StatusCode">The HTTP status of the last attempt, or null when no answer arrived.</param>
/// <param name="Attempts">Attempts made.</param>
internal sealed record UpstreamResult(UpstreamFailure? Failure, int? StatusCode, int Attempts)
{
    /// <summary>The answer body (bounded by the call's limit); empty when none was read.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The answer's media type, when it had one.</summary>
    public string? ContentType { get; init; }

    /// <summary>For a 3xx answer: its Location, made absolute against the request URL; otherwise null.</summary>
    public Uri? Location { get; init; }

    /// <summary>The <c>grpc-status</c> header or HTTP trailer of the answer, if any (gRPC-web calls).</summary>
    public string? GrpcStatus { get; init; }

    /// <summary>The <c>grpc-message</c> header or HTTP trailer of the answer, if any, still URL-encoded.</summary>
    public string? GrpcMessage { get; init; }

    /// <summary>Why retrying stopped, when the call did not succeed.</summary>
    public RetryStopReason StopReason { get; init; }

    /// <summary>Whether the answer was a 2xx.</summary>
    public bool IsSuccess => Failure is null;

    /// <summary>A result without an answer: the call failed before or instead of one.</summary>
    public static UpstreamResult Failed(UpstreamFailureKind kind, string detail, int attempts = 0, int? status = null) =>
        new(new UpstreamFailure(kind, detail) { Status = status }, status, attempts);
}
