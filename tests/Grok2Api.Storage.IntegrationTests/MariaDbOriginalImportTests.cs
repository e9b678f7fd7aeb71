using System.Data.Common;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.IntegrationTests.Infrastructure;
using Grok2Api.Storage.Sql;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>The import against a real MariaDB holding the original's tables.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MariaDbOriginalImportTests(MariaDbFixture fixture) : SqlOriginalImportContract
{
    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => fixture.NewStoreAsync(cancellationToken);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new MySqlStorageBackend(store, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override DbConnection Connect(string store) => new MySqlConnection(new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)fixture.Server.Port,
        UserID = MariaDbServer.User,
        Password = MariaDbServer.Password,
        Database = new Uri(store).AbsolutePath.Trim('/'),
        Pooling = false,
        CharacterSet = "utf8mb4",
    }.ConnectionString);
}
