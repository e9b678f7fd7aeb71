namespace Grok2Api.LoadBench.Hosting;

/// <summary>How the simulator and the gateway are started for one scenario.</summary>
internal sealed record StackSettings
{
    /// <summary>Accounts added to the gateway's pool (each with a quota that never runs out).</summary>
    public required int Tokens { get; init; }

    /// <summary>The simulator's pause before every chat line after the first.</summary>
    public TimeSpan LineDelay { get; init; } = TimeSpan.Zero;

    /// <summary><c>chat.concurrent</c> of the gateway.</summary>
    public int ChatConcurrent { get; init; } = 4096;

    /// <summary><c>chat.stream_timeout</c> of the gateway, in seconds.</summary>
    public int StreamTimeoutSeconds { get; init; } = 300;

    /// <summary>The simulator's Kestrel request body limit in bytes, when not its default (about 28.6 MiB).</summary>
    public long? SimulatorMaxRequestBodyBytes { get; init; }

    /// <summary>
    /// The simulator serves HTTPS with HTTP/2 (ALPN), as grok.com does, instead of cleartext HTTP/1.1:
    /// the gateway then multiplexes its upstream calls over a few connections instead of one socket per call.
    /// </summary>
    public bool UpstreamTls { get; init; }

    /// <summary>Extra environment variables of the gateway (experiments).</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();
}
