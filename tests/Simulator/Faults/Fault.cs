namespace Grok2Api.Simulator.Faults;

/// <summary>
/// A failure the simulator injects into one request (queued) or every request (persistent).
/// Build one with the static factories and narrow it with <see cref="OnlyFor"/> or <c>with</c>.
/// </summary>
public sealed record Fault
{
    /// <summary>What the fault does.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>Only requests to this path match (see <see cref="UpstreamPaths"/>); null matches every endpoint.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The status for <see cref="FaultKind.ServerError"/> (500, 502, 503 or 504).</summary>
    public int StatusCode { get; init; }

    /// <summary>Retry-After header value for <see cref="FaultKind.RateLimited"/>; null sends none.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Replaces the default response body of status faults, or the error line of <see cref="FaultKind.StreamError"/>.</summary>
    public string? Body { get; init; }

    /// <summary>
    /// For stream faults: how many lines are sent before the fault acts. For <see cref="FaultKind.ConnectionReset"/>,
    /// null aborts before any response; a number sends the headers and that many lines first.
    /// </summary>
    public int? AfterLines { get; init; }

    /// <summary>The error line of <see cref="FaultKind.StreamError"/>.</summary>
    public StreamErrorShape ErrorShape { get; init; }

    /// <summary>Waited before the fault acts (and before any response starts). Default zero.</summary>
    public TimeSpan StartDelay { get; init; }

    /// <summary>429 with a JSON body; <paramref name="retryAfter"/> becomes the Retry-After header.</summary>
    public static Fault RateLimited(string? retryAfter = null) => new() { Kind = FaultKind.RateLimited, RetryAfter = retryAfter };

    /// <summary>401 with a JSON body.</summary>
    public static Fault Unauthorized() => new() { Kind = FaultKind.Unauthorized };

    /// <summary>403 with a Cloudflare challenge HTML page.</summary>
    public static Fault CloudflareChallenge() => new() { Kind = FaultKind.CloudflareChallenge };

    /// <summary>A 5xx answer (500, 502, 503 or 504) with a body.</summary>
    public static Fault ServerError(int statusCode = 503)
    {
        if (statusCode is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Expected a 5xx status.");
        }

        return new() { Kind = FaultKind.ServerError, StatusCode = statusCode };
    }

    /// <summary>Abort the connection: before any response (null) or after <paramref name="afterLines"/> stream lines.</summary>
    public static Fault ConnectionReset(int? afterLines = null) => new() { Kind = FaultKind.ConnectionReset, AfterLines = afterLines };

    /// <summary>Send <paramref name="afterLines"/> stream lines, then nothing until the client gives up.</summary>
    public static Fault Stall(int afterLines = 1) => new() { Kind = FaultKind.Stall, AfterLines = afterLines };

    /// <summary>Send <paramref name="afterLines"/> stream lines, then one error line of the given shape, then end the stream.</summary>
    public static Fault StreamError(StreamErrorShape shape, int afterLines = 1) =>
        new() { Kind = FaultKind.StreamError, ErrorShape = shape, AfterLines = afterLines };

    /// <summary>Wait <paramref name="delay"/> before the response starts, then answer normally.</summary>
    public static Fault Delay(TimeSpan delay) => new() { Kind = FaultKind.Delay, StartDelay = delay };

    /// <summary>The same fault, restricted to one endpoint path.</summary>
    public Fault OnlyFor(string endpoint) => this with { Endpoint = endpoint };

    internal bool Matches(string path) => Endpoint is null || string.Equals(Endpoint, path, StringComparison.OrdinalIgnoreCase);
}
