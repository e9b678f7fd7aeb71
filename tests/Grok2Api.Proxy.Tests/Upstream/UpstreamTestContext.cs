using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>The upstream client wired as the host wires it, with a swappable config and fakes for time, randomness and logs.</summary>
internal sealed class UpstreamTestContext : IAsyncDisposable
{
    public const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiYWJjIn0.c2lnbmF0dXJl";

    private UpstreamTestContext(ServiceProvider services, TestOptionsMonitor<GrokConfig> config)
    {
        Services = services;
        Config = config;
    }

    public ServiceProvider Services { get; }

    public TestOptionsMonitor<GrokConfig> Config { get; }

    public IGrokRestClient Client => Services.GetRequiredService<IGrokRestClient>();

    public ITokenQuotaClient Quota => Services.GetRequiredService<ITokenQuotaClient>();

    public EgressInvokerFactory Egress => Services.GetRequiredService<EgressInvokerFactory>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Config with every upstream URL on the stub and zero backoff, so status retries do not wait.</summary>
    public static GrokConfig ConfigFor(Uri upstream) => new()
    {
        Upstream = new UpstreamSection { BaseUrl = upstream.AbsoluteUri, AssetsUrl = upstream.AbsoluteUri, AccountsUrl = upstream.AbsoluteUri },
        Retry = new RetrySection { RetryBackoffBase = 0 },
    };

    public static UpstreamTestContext Create(GrokConfig config, TimeProvider? time = null, IUpstreamRandom? random = null)
    {
        var monitor = new TestOptionsMonitor<GrokConfig>(config);
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<IOptionsMonitor<GrokConfig>>(monitor);
        services.AddGrokConfigSections();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (random is not null)
        {
            services.AddSingleton(random);
        }

        services.AddGrokUpstream();
        return new UpstreamTestContext(services.BuildServiceProvider(), monitor);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
