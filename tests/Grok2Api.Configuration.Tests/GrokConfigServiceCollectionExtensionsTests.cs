using Grok2Api.Configuration;
using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration.Tests;

public sealed class GrokConfigServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task AddGrokConfig_ResolvesTheLiveConfigEverywhere()
    {
        var live = await LiveConfig.LoadAsync(
            new LocalConfigStore(_directory.Path, NullLogger<LocalConfigStore>.Instance), NullLogger.Instance, TestContext.Current.CancellationToken);
        var services = new ServiceCollection().AddOptions();

        services.AddGrokConfig(live);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(live, provider.GetRequiredService<IOptionsMonitor<GrokConfig>>());
        Assert.Same(live, provider.GetRequiredService<IConfigEditor>());
        Assert.Same(live.CurrentValue, provider.GetRequiredService<IOptions<GrokConfig>>().Value);
        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        await hosted.StartAsync(TestContext.Current.CancellationToken);
        await hosted.StopAsync(TestContext.Current.CancellationToken);
        Assert.Throws<ObjectDisposedException>(live.StartWatching);
    }

    [Fact]
    public async Task AddGrokConfig_Patch_IsSeenThroughIOptions()
    {
        using var live = await LiveConfig.LoadAsync(
            new LocalConfigStore(_directory.Path, NullLogger<LocalConfigStore>.Instance), NullLogger.Instance, TestContext.Current.CancellationToken);
        await using var provider = new ServiceCollection().AddGrokConfig(live).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<GrokConfig>>();

        await provider.GetRequiredService<IConfigEditor>().PatchAsync(
            new System.Text.Json.Nodes.JsonObject { ["chat"] = new System.Text.Json.Nodes.JsonObject { ["concurrent"] = 2 } },
            TestContext.Current.CancellationToken);

        Assert.Equal(2, options.Value.Chat.Concurrent);
    }

    public void Dispose() => _directory.Dispose();
}
