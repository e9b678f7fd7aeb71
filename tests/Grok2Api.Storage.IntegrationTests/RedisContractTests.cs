using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.IntegrationTests.Infrastructure;
using Grok2Api.Storage.Redis;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>The contract against a real Redis (one server, a fresh numbered database per test).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisContractTests(RedisFixture fixture) : SharedStorageBackendContract
{
    protected override string Password => RedisServer.Password;

    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => fixture.NewStoreAsync(cancellationToken);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new RedisStorageBackend(store, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override string WithWrongPassword(string url, string password) => url.Replace(":" + Password + "@", ":" + password + "@", StringComparison.Ordinal);

    protected override Task StopServerAsync() => fixture.Server.StopAsync();

    protected override Task RestartServerAsync() => fixture.Server.RestartAsync(CancellationToken.None);
}
