using System.Globalization;
using Grok2Api.Tests.Common.Servers;

namespace Grok2Api.Storage.IntegrationTests.Infrastructure;

/// <summary>One Redis server for the Redis contract class; each test takes a fresh numbered database.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private int _nextDatabase;

    public RedisServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await RedisServer.StartAsync(CancellationToken.None);

    /// <summary>The URL of an empty database no other test uses.</summary>
    public async Task<string> NewStoreAsync(CancellationToken cancellationToken)
    {
        var database = Interlocked.Increment(ref _nextDatabase);
        if (database >= RedisServer.Databases)
        {
            throw new InvalidOperationException("more tests than Redis databases: raise RedisServer.Databases");
        }

        await Server.CommandAsync(["FLUSHDB"], cancellationToken, database);
        return Server.UrlFor(database);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>One PostgreSQL server for the PostgreSQL contract class; each test takes a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _next;

    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync(CancellationToken.None);

    public Task<string> NewStoreAsync(CancellationToken cancellationToken) =>
        Server.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"g2a_t{Interlocked.Increment(ref _next)}"), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>One MariaDB server for the MariaDB contract class; each test takes a fresh database.</summary>
public sealed class MariaDbFixture : IAsyncLifetime
{
    private int _next;

    public MariaDbServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await MariaDbServer.StartAsync(CancellationToken.None);

    public Task<string> NewStoreAsync(CancellationToken cancellationToken) =>
        Server.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"g2a_t{Interlocked.Increment(ref _next)}"), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis server";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres server";
}

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbFixture>
{
    public const string Name = "mariadb server";
}
