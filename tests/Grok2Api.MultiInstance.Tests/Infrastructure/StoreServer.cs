namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// A store server the instances share, started for one test on 127.0.0.1 and a free port in a
/// temporary directory: Redis, PostgreSQL or MariaDB.
/// </summary>
internal interface IStoreServer : IAsyncDisposable
{
    /// <summary>The <c>SERVER_STORAGE_TYPE</c> value: redis, pgsql or mysql.</summary>
    string Kind { get; }

    /// <summary>The <c>SERVER_STORAGE_URL</c> value.</summary>
    string Url { get; }

    /// <summary>Stops the server (gracefully); its data stays.</summary>
    Task StopAsync();

    /// <summary>Starts it again on the same port and data.</summary>
    Task RestartAsync();
}

/// <summary>The three shared backends the acceptance tests run against.</summary>
internal static class StoreKinds
{
    public const string Redis = "redis";
    public const string PostgreSql = "pgsql";
    public const string MySql = "mysql";

    public static TheoryData<string> All => new(Redis, PostgreSql, MySql);

    public static async Task<IStoreServer> StartAsync(string kind, CancellationToken cancellationToken) => kind switch
    {
        Redis => await ServerProcesses.StartRedisAsync(cancellationToken),
        PostgreSql => await ServerProcesses.StartPostgresAsync(cancellationToken),
        MySql => await ServerProcesses.StartMariaDbAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "redis, pgsql or mysql"),
    };
}
