namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// The store one test's instances share: its own database on a Redis, PostgreSQL or MariaDB server
/// (<see cref="StoreServers"/>).
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
}
