namespace Grok2Api.Proxy.Pipeline;

/// <summary>Everything the pipeline needs for one request, fixed before the first account is leased.</summary>
/// <param name="Model">The public model id, for logs and error messages.</param>
/// <param name="Tokens">Which accounts may serve it: pool tier, cost in quota units, tags.</param>
/// <param name="Exchange">The upstream work, run once per account tried.</param>
/// <param name="Surface">The client protocol: the writer, the headers, the error response.</param>
/// <param name="Timeouts">The time limits of each attempt.</param>
internal sealed record UpstreamPlan(
    string Model,
    TokenRequest Tokens,
    IUpstreamExchange Exchange,
    IClientSurface Surface,
    AttemptTimeouts Timeouts);
