namespace Grok2Api.Simulator.Faults;

/// <summary>What a <see cref="Fault"/> does to the request it hits.</summary>
public enum FaultKind
{
    /// <summary>HTTP 429 with a JSON body and an optional Retry-After header.</summary>
    RateLimited,

    /// <summary>HTTP 401 with a JSON body.</summary>
    Unauthorized,

    /// <summary>HTTP 403 with a Cloudflare "Just a moment..." challenge page.</summary>
    CloudflareChallenge,

    /// <summary>HTTP 500, 502, 503 or 504 with a body.</summary>
    ServerError,

    /// <summary>The connection is aborted without a (complete) response; after N lines on streams.</summary>
    ConnectionReset,

    /// <summary>Streams send N lines and then nothing, keeping the connection open until the client gives up; other endpoints never answer.</summary>
    Stall,

    /// <summary>Streams send N lines and then one in-stream error line, then end; other endpoints answer 200 with the error object.</summary>
    StreamError,

    /// <summary>Only the start delay; the request is then served normally.</summary>
    Delay,
}
