using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Chat;

/// <summary>The cross-cutting services an attempt needs, bundled so the runner's constructor stays small.</summary>
internal sealed class ChatAttemptDependencies(
    IOptionsMonitor<GrokConfig> config, IMediaCache media, UpstreamMetrics metrics, TimeProvider time, IUpstreamRandom random, ILogger<ChatAttemptRunner> logger)
{
    public IOptionsMonitor<GrokConfig> Config { get; } = config;

    public IMediaCache Media { get; } = media;

    public UpstreamMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public IUpstreamRandom Random { get; } = random;

    public ILogger Logger { get; } = logger;
}
