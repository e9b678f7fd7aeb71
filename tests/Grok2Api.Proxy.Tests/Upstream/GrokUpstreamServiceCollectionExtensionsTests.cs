using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class GrokUpstreamServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGrokUpstream_Resolves_QuotaClientAndRestClient()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IOptionsMonitor<GrokConfig>>(new TestOptionsMonitor<GrokConfig>(new GrokConfig()));
        services.AddGrokConfigSections();

        services.AddGrokUpstream();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<GrokQuotaClient>(provider.GetRequiredService<ITokenQuotaClient>());
        Assert.IsType<GrokRestClient>(provider.GetRequiredService<IGrokRestClient>());
    }

    [Fact]
    public async Task AddGrokUpstream_EarlierRegistration_Kept()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IOptionsMonitor<GrokConfig>>(new TestOptionsMonitor<GrokConfig>(new GrokConfig()));
        services.AddGrokConfigSections();
        var random = new ScriptedRandom(0.5);
        services.AddSingleton<IUpstreamRandom>(random);

        services.AddGrokUpstream().AddGrokUpstream();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(random, provider.GetRequiredService<IUpstreamRandom>());
        Assert.Single(services, d => d.ServiceType == typeof(ITokenQuotaClient));
    }
}
