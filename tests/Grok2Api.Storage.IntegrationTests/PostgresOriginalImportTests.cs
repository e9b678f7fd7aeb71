using System.Data.Common;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.IntegrationTests.Infrastructure;
using Grok2Api.Storage.Sql;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>The import against a real PostgreSQL holding the original's tables.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOriginalImportTests(PostgresFixture fixture) : SqlOriginalImportContract
{
    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => fixture.NewStoreAsync(cancellationToken);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new PostgresStorageBackend(store, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override DbConnection Connect(string store) => new NpgsqlConnection(new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = fixture.Server.Port,
        Username = PostgresServer.User,
        Password = PostgresServer.Password,
        Database = new Uri(store).AbsolutePath.Trim('/'),
        Pooling = false,
    }.ConnectionString);
}
