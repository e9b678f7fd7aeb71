namespace Grok2Api.Simulator.FeatureControls;

/// <summary>How the feature-control call refuses an account.</summary>
public sealed record FeatureRefusal
{
    /// <summary>An HTTP status to answer instead of 200 (the gRPC fields are then ignored).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The <c>grpc-status</c> of the answer (HTTP 200), e.g. 7 (permission denied).</summary>
    public int GrpcStatus { get; init; } = 7;

    /// <summary>The <c>grpc-message</c>, sent URL-encoded.</summary>
    public string? GrpcMessage { get; init; }

    /// <summary>Put the status in the HTTP headers (a trailers-only answer) instead of a trailer frame.</summary>
    public bool InHeaders { get; init; }

    /// <summary>Answer as <c>application/grpc-web-text+proto</c> (base64 frames).</summary>
    public bool AsText { get; init; }
}
