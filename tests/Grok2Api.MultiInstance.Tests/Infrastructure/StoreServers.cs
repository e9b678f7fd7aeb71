using System.Globalization;
using Grok2Api.Tests.Common.Servers;

[assembly: AssemblyFixture(typeof(Grok2Api.MultiInstance.Tests.Infrastructure.StoreServers))]

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// One Redis, one PostgreSQL and one MariaDB server for the whole run (the fixtures of
/// <c>Grok2Api.Tests.Common</c>), each started on first use and stopped when the run ends. Every test
/// gets its own empty database on them (<see cref="NewStoreAsync"/>), so nothing one test wrote is
/// seen by the next; tests run one at a time, so stopping a server for an outage affects one test.
/// </summary>
public sealed class StoreServers : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private MariaDbServer? _mariaDb;
    private int _databases;

    /// <summary>A new, empty database of <paramref name="kind"/> (redis, pgsql, mysql) for one test.</summary>
    internal async Task<IStoreServer> NewStoreAsync(string kind, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var n = ++_databases;
            var name = string.Create(CultureInfo.InvariantCulture, $"g2a_accept_{n}");
            switch (kind)
            {
                case StoreKinds.Redis:
                    _redis ??= await RedisServer.StartAsync(cancellationToken);
                    var redis = _redis;
                    return new Store(kind, redis.UrlFor(n % RedisServer.Databases), redis.StopAsync, redis.RestartAsync);
                case StoreKinds.PostgreSql:
                    _postgres ??= await PostgresServer.StartAsync(cancellationToken);
                    var postgres = _postgres;
                    return new Store(kind, await postgres.CreateDatabaseAsync(name, cancellationToken), postgres.StopAsync, postgres.RestartAsync);
                case StoreKinds.MySql:
                    _mariaDb ??= await MariaDbServer.StartAsync(cancellationToken);
                    var mariaDb = _mariaDb;
                    return new Store(kind, await mariaDb.CreateDatabaseAsync(name, cancellationToken), mariaDb.StopAsync, mariaDb.RestartAsync);
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "redis, pgsql or mysql");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_mariaDb is not null)
        {
            await _mariaDb.DisposeAsync();
        }

        _gate.Dispose();
    }

    /// <summary>One test's database on a shared server; stop and restart act on the whole server.</summary>
    private sealed class Store(string kind, string url, Func<Task> stop, Func<CancellationToken, Task> restart) : IStoreServer
    {
        private bool _stopped;

        public string Kind => kind;

        public string Url => url;

        public async Task StopAsync()
        {
            _stopped = true;
            await stop();
        }

        public async Task RestartAsync()
        {
            await restart(CancellationToken.None);
            _stopped = false;
        }

        // The server outlives the test (the run's fixture stops it); one a failed test left stopped is started again.
        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                await RestartAsync();
            }
        }
    }
}
