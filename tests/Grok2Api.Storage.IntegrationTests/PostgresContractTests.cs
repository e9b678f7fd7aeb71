using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.IntegrationTests.Infrastructure;
using Grok2Api.Storage.Sql;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>The contract against a real PostgreSQL 15 (one server, a fresh database per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests(PostgresFixture fixture) : SharedStorageBackendContract
{
    protected override string Password => PostgresServer.Password;

    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => fixture.NewStoreAsync(cancellationToken);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new PostgresStorageBackend(store, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override string WithWrongPassword(string url, string password) => url.Replace(":" + Password + "@", ":" + password + "@", StringComparison.Ordinal);

    protected override Task StopServerAsync() => fixture.Server.StopAsync();

    protected override Task RestartServerAsync() => fixture.Server.RestartAsync(CancellationToken.None);
}
