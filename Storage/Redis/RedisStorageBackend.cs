using Microsoft.Extensions.Logging;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// The Redis backend (<c>SERVER_STORAGE_TYPE=redis</c>). Every key lives under <c>g2a:</c>, apart
/// from the original's <c>grok2api:*</c>:
/// <list type="bullet">
/// <item><c>g2a:token:{id}</c>: hash per token (id = <see cref="TokenIdentity.IdOf"/>), fields token,
/// pool, status, quota, use_count, created_at, last_used_at, fail_count, last_fail_at,
/// last_fail_reason, last_sync_at, tags (JSON), note, last_asset_clear_at, extra (JSON); a null field
/// is absent. <c>g2a:tokens</c>: set of the ids. A batch is one Lua script (atomic deltas).</item>
/// <item><c>g2a:config</c>: hash, field <c>section.key</c>, value the node's JSON text.</item>
/// <item><c>g2a:task:{id}</c> and <c>g2a:video:{id}</c>: JSON records, indexed by created-at in the
/// sorted sets <c>g2a:tasks</c> and <c>g2a:videos</c>.</item>
/// <item><c>g2a:response:{id}</c>: hash per stored response, fields created_at, expires_at,
/// response and context (the documents' bytes), expiring natively at expires_at; the sorted set
/// <c>g2a:responses</c> indexes the ids by expires_at for the purge.</item>
/// <item><c>g2a:lease:{name}</c>: the holder's instance id, with PX expiry.</item>
/// <item><c>g2a:meta</c>: hash with schema_version and seeded; <c>g2a:lock:schema</c> while migrating.</item>
/// <item>Channel <c>g2a:notices</c>: JSON <c>{"origin":…,"kind":"tokens"|"config","ids":[…]}</c>
/// after each committed token or config write.</item>
/// </list>
/// Connects in <see cref="OpenAsync"/> (5 s connect and command timeouts unless the URL says
/// otherwise); an outage is a <see cref="StoreUnavailableException"/> and is reported to <see cref="Health"/>.
/// </summary>
public sealed class RedisStorageBackend : IStorageBackend
{
    private readonly RedisConnection _connection;
    private readonly RedisNoticeHub _notices;
    private readonly StoreInstance _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisTokenStore _tokens;
    private readonly TokenChangeFeed _feed;

    /// <summary>Creates the backend; nothing is connected until <see cref="OpenAsync"/>.</summary>
    /// <param name="connectionUrl"><c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c>.</param>
    /// <param name="instance">This instance (lease owner, notice origin).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">The loggers.</param>
    /// <exception cref="ArgumentException">The URL is not a Redis URL (the message never repeats it).</exception>
    public RedisStorageBackend(string connectionUrl, StoreInstance instance, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = RedisConnectionSettings.Parse(connectionUrl);
        _instance = instance;
        _time = time;
        _logger = loggerFactory.CreateLogger<RedisStorageBackend>();
        Health = new StoreHealth(Kind, time);
        _connection = new RedisConnection(settings, Health, _logger);
        _notices = new RedisNoticeHub(_connection, instance, time, _logger);
        _tokens = new RedisTokenStore(_connection, instance);
        _feed = new TokenChangeFeed(_notices);
        Config = new RedisConfigStore(_connection, _notices, instance);
        Tasks = new RedisBatchTaskStore(_connection, _logger);
        VideoJobs = new RedisVideoJobStore(_connection, _logger);
        Responses = new RedisResponseStore(_connection);
        Leases = new RedisLeases(_connection, instance);
        Original = new RedisOriginalStoreReader(_connection, time);
    }

    /// <inheritdoc/>
    public string Kind => "redis";

    /// <inheritdoc/>
    public string Describe => _connection.Settings.Describe;

    /// <inheritdoc/>
    public StoreHealth Health { get; }

    /// <inheritdoc/>
    public ITokenStore Tokens => _tokens;

    /// <inheritdoc/>
    public ITokenChangeFeed? TokenChanges => _feed;

    /// <inheritdoc/>
    public IConfigStore Config { get; }

    /// <inheritdoc/>
    public IBatchTaskStore Tasks { get; }

    /// <inheritdoc/>
    public IVideoJobRecordStore VideoJobs { get; }

    /// <inheritdoc/>
    public IResponseRecordStore Responses { get; }

    /// <inheritdoc/>
    public IStoreLeases Leases { get; }

    /// <inheritdoc/>
    public IOriginalStoreReader? Original { get; }

    /// <inheritdoc/>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _connection.GetAsync(cancellationToken);
        await _connection.RunAsync("ping", db => db.PingAsync(), cancellationToken);
        await RedisSchema.MigrateAsync(_connection, _instance, _time, _logger, cancellationToken);
        await _notices.SubscribeAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> IsSeededAsync(CancellationToken cancellationToken)
    {
        var value = await _connection.RunAsync("meta read", db => db.HashGetAsync(RedisKeys.Meta, RedisSchema.SeededField), cancellationToken);
        return value == "1";
    }

    /// <inheritdoc/>
    public Task MarkSeededAsync(CancellationToken cancellationToken) =>
        _connection.RunAsync("meta write", db => db.HashSetAsync(RedisKeys.Meta, RedisSchema.SeededField, "1"), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _notices.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class TokenChangeFeed(RedisNoticeHub notices) : ITokenChangeFeed
    {
        public IAsyncEnumerable<TokenChangeNotice> ListenAsync(CancellationToken cancellationToken) => notices.ListenAsync(cancellationToken);
    }
}
