using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>One gateway with default config over a scratch DATA_DIR, shared by a test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Gateway = await GatewayHost.StartAsync(_data.Path, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
    }
}
