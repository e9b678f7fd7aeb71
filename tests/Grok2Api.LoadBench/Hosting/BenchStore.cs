using System.Globalization;
using Grok2Api.Tests.Common.Servers;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// Where the gateway keeps its state during a storage row: local files (nothing to start) or a real
/// Redis, PostgreSQL or MariaDB server (the test fixtures of <c>Grok2Api.Tests.Common</c>: loopback,
/// a free port, a temp directory, removed after the row). <see cref="ReadCountersAsync"/> reads the
/// server's own statistics, so the writes the gateway makes can be counted from outside.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    public const string Local = "local";
    public const string Redis = "redis";
    public const string PostgreSql = "pgsql";
    public const string MySql = "mysql";

    // Redis commands that change data (the ones a store could use for tokens, config, leases and notices).
    private static readonly HashSet<string> RedisWrites = new(StringComparer.OrdinalIgnoreCase)
    {
        "set", "setex", "psetex", "setnx", "getset", "getdel", "del", "unlink", "expire", "pexpire", "persist",
        "hset", "hmset", "hsetnx", "hdel", "hincrby", "hincrbyfloat", "incr", "incrby", "decr", "decrby",
        "sadd", "srem", "zadd", "zrem", "zincrby", "lpush", "rpush", "lpop", "rpop", "lrem", "ltrim",
        "xadd", "xtrim", "xdel", "publish", "spublish", "eval", "evalsha", "eval_ro", "fcall", "rename",
    };

    private readonly RedisServer? _redis;
    private readonly PostgresServer? _postgres;
    private readonly MariaDbServer? _mariaDb;

    private BenchStore(string kind, RedisServer? redis = null, PostgresServer? postgres = null, MariaDbServer? mariaDb = null)
    {
        Kind = kind;
        _redis = redis;
        _postgres = postgres;
        _mariaDb = mariaDb;
    }

    /// <summary>The <c>SERVER_STORAGE_TYPE</c> value.</summary>
    public string Kind { get; }

    /// <summary>What the gateway is started with to use this store.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment => Kind == Local
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["SERVER_STORAGE_TYPE"] = Kind,
            ["SERVER_STORAGE_URL"] = _redis?.Url ?? _postgres?.Url ?? _mariaDb!.Url,
        };

    public static async Task<BenchStore> StartAsync(string kind, CancellationToken cancellationToken) => kind switch
    {
        Local => new BenchStore(Local),
        Redis => new BenchStore(Redis, redis: await RedisServer.StartAsync(cancellationToken)),
        PostgreSql => new BenchStore(PostgreSql, postgres: await PostgresServer.StartAsync(cancellationToken)),
        MySql => new BenchStore(MySql, mariaDb: await MariaDbServer.StartAsync(cancellationToken)),
        _ => throw new BenchException($"unknown backend {kind}: use local, redis, pgsql or mysql"),
    };

    /// <summary>
    /// The server's cumulative counters: <c>writes</c> (Redis write commands; PostgreSQL committed
    /// transactions; MariaDB write statements), <c>rows</c> (rows written, SQL only), <c>all</c>
    /// (every Redis command; every MariaDB statement) and per-command details. Empty for local.
    /// </summary>
    public async Task<StoreCounters> ReadCountersAsync(CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            var info = await _redis.CommandAsync(["INFO", "commandstats"], cancellationToken);
            var calls = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // cmdstat_hincrby:calls=123,usec=456,...
                if (line.StartsWith("cmdstat_", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    var name = line[8..colon].Replace('|', ' ');
                    var callsField = line[(colon + 1)..].Split(',').First(f => f.StartsWith("calls=", StringComparison.Ordinal));
                    calls[name] = long.Parse(callsField[6..], CultureInfo.InvariantCulture);
                }
            }

            return new StoreCounters(
                calls.Where(c => RedisWrites.Contains(c.Key.Split(' ')[0])).Sum(c => c.Value),
                null,
                calls.Values.Sum(),
                calls);
        }

        if (_postgres is not null)
        {
            var row = (await _postgres.SqlAsync(
                $"SELECT xact_commit, tup_inserted + tup_updated + tup_deleted, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = '{PostgresServer.Database}'",
                cancellationToken)).Trim().Split('|');
            var values = row.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new StoreCounters(values[0], values[1], null, new Dictionary<string, long> { ["xact_commit"] = values[0], ["rows written"] = values[1], ["rows read"] = values[2] });
        }

        if (_mariaDb is not null)
        {
            var text = await _mariaDb.SqlAsync(
                "SHOW GLOBAL STATUS WHERE Variable_name LIKE 'Com\\_%' OR Variable_name IN ('Handler_write', 'Handler_update', 'Handler_delete', 'Questions')",
                cancellationToken);
            var status = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split('\t');
                if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    status[parts[0]] = value;
                }
            }

            long Get(string name) => status.GetValueOrDefault(name);
            var writes = Get("Com_insert") + Get("Com_update") + Get("Com_delete") + Get("Com_replace")
                + Get("Com_insert_select") + Get("Com_update_multi") + Get("Com_delete_multi") + Get("Com_replace_select");
            // Row operations of the storage engines (MariaDB 10.11 has no Innodb_rows_* counters); temporary tables count apart.
            var rows = Get("Handler_write") + Get("Handler_update") + Get("Handler_delete");
            return new StoreCounters(writes, rows, Get("Questions"), status);
        }

        return StoreCounters.None;
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
    }
}

/// <summary>Cumulative counters of a store server (see <see cref="BenchStore.ReadCountersAsync"/>); null where the server has no such figure.</summary>
internal sealed record StoreCounters(long? Writes, long? Rows, long? All, IReadOnlyDictionary<string, long> Details)
{
    public static StoreCounters None { get; } = new(null, null, null, new Dictionary<string, long>());

    /// <summary>What happened between <paramref name="before"/> and this reading.</summary>
    public StoreCounters Since(StoreCounters before) => new(
        Writes - before.Writes,
        Rows - before.Rows,
        All - before.All,
        Details.ToDictionary(d => d.Key, d => d.Value - before.Details.GetValueOrDefault(d.Key), StringComparer.Ordinal));
}
