using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>One gateway whose config.toml, written before start, sets <c>app.api_key</c> to <see cref="ApiKey"/>.</summary>
public sealed class ApiKeyGatewayFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-functional-0123456789";

    private readonly TempDirectory _data = new();

    public GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        DataDirectoryFiles.WriteConfig(_data.Path, $"[app]\napi_key = \"{ApiKey}\"\n");
        Gateway = await GatewayHost.StartAsync(_data.Path, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
    }
}
