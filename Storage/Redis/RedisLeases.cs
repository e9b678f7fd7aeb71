using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Leases as <c>g2a:lease:{name}</c> holding the owner's instance id, expiring by Redis' own PX
/// expiry (the store's clock, never this process's).
/// </summary>
internal sealed class RedisLeases(RedisConnection connection, StoreInstance instance) : IStoreLeases
{
    /// <summary>
    /// Takes the lease when free (SET NX PX) or renews it when this instance holds it (PEXPIRE).
    /// KEYS[1] the lease, ARGV[1] the owner, ARGV[2] the ttl in milliseconds. Returns 1 when held.
    /// </summary>
    private const string AcquireScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return 1
        end
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Deletes the lease only when this instance holds it. KEYS[1] the lease, ARGV[1] the owner.</summary>
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <inheritdoc/>
    public async Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var milliseconds = Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));
        var result = await connection.RunAsync("lease acquire",
            db => db.ScriptEvaluateAsync(AcquireScript, [RedisKeys.Lease(name)], [instance.Id, milliseconds]), cancellationToken);
        return (long)result == 1;
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return connection.RunAsync("lease release",
            db => db.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.Lease(name)], [instance.Id]), cancellationToken);
    }
}
