using System.Globalization;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Stored responses: <c>g2a:response:{id}</c> is a hash (created_at, expires_at, response, context;
/// the documents as raw bytes) that Redis expires by itself at expires_at (PEXPIREAT), and the sorted
/// set <c>g2a:responses</c> indexes the ids by expires_at. Every read also compares expires_at with the
/// caller's clock, so a record is gone at the same moment on every backend whatever Redis' own clock
/// says; the purge removes what the caller's clock expired and Redis did not yet, and the index
/// entries of what Redis expired itself.
/// </summary>
internal sealed class RedisResponseStore(RedisConnection connection) : IResponseRecordStore
{
    private const int PurgeBatch = 500;

    // Enough rounds for any backlog a purge leaves between two runs; the next purge takes the rest.
    private const int PurgeRounds = 200;

    private static readonly RedisValue CreatedAtField = "created_at";
    private static readonly RedisValue ExpiresAtField = "expires_at";
    private static readonly RedisValue ResponseField = "response";
    private static readonly RedisValue ContextField = "context";

    /// <summary>
    /// Removes one record and its index entry. KEYS[1] the record, KEYS[2] the index; ARGV[1] the id,
    /// ARGV[2] now. Returns 1 when the record was there and not expired at now.
    /// </summary>
    private const string DeleteScript = """
        local expires = redis.call('HGET', KEYS[1], 'expires_at')
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        if expires and tonumber(expires) > tonumber(ARGV[2]) then
          return 1
        end
        return 0
        """;

    /// <summary>
    /// Removes the records whose index score (expires_at) is at or before now; a record re-put with a
    /// later expiry since the ids were read is left alone. KEYS[1] the index, KEYS[2..] the records;
    /// ARGV[1] now, ARGV[2..] the ids. Returns how many records were still there.
    /// </summary>
    private const string PurgeScript = """
        local now = tonumber(ARGV[1])
        local removed = 0
        for i = 2, #KEYS do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if score and tonumber(score) <= now then
            removed = removed + redis.call('DEL', KEYS[i])
            redis.call('ZREM', KEYS[1], ARGV[i])
          end
        end
        return removed
        """;

    /// <inheritdoc/>
    public Task PutAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        ResponseIds.ThrowIfInvalid(response);
        var key = RedisKeys.Response(response.Id);
        HashEntry[] fields =
        [
            new(CreatedAtField, response.CreatedAt),
            new(ExpiresAtField, response.ExpiresAt),
            new(ResponseField, response.Response),
            new(ContextField, response.Context),
        ];
        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(response.ExpiresAt, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds())).UtcDateTime;
        return connection.RunAsync("response save", async db =>
        {
            var transaction = db.CreateTransaction();
            var writes = new List<Task>
            {
                transaction.KeyDeleteAsync(key),
                transaction.HashSetAsync(key, fields),
                transaction.KeyExpireAsync(key, expiry),
                transaction.SortedSetAddAsync(RedisKeys.Responses, response.Id, response.ExpiresAt),
            };
            await RedisTransactions.ExecuteAsync(transaction, writes, "response save");
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<StoredResponse?> FindAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!ResponseIds.IsValid(id))
        {
            return null;
        }

        var values = await connection.RunAsync("response load",
            db => db.HashGetAsync(RedisKeys.Response(id), [CreatedAtField, ExpiresAtField, ResponseField, ContextField]), cancellationToken);
        if (values.Any(v => v.IsNull)
            || !long.TryParse(values[0].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var createdAt)
            || !long.TryParse(values[1].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expiresAt)
            || expiresAt <= now)
        {
            return null;
        }

        return new StoredResponse
        {
            Id = id,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
            Response = (byte[])values[2]!,
            Context = (byte[])values[3]!,
        };
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string id, long now, CancellationToken cancellationToken)
    {
        if (!ResponseIds.IsValid(id))
        {
            return false;
        }

        var result = await connection.RunAsync("response delete",
            db => db.ScriptEvaluateAsync(DeleteScript, [RedisKeys.Response(id), RedisKeys.Responses], [id, now]), cancellationToken);
        return (long)result == 1;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeExpiredAsync(long now, CancellationToken cancellationToken)
    {
        var purged = 0;
        for (var round = 0; round < PurgeRounds; round++)
        {
            var ids = await connection.RunAsync("response purge",
                db => db.SortedSetRangeByScoreAsync(RedisKeys.Responses, double.NegativeInfinity, now, Exclude.None, Order.Ascending, 0, PurgeBatch), cancellationToken);
            if (ids.Length == 0)
            {
                break;
            }

            RedisKey[] keys = [RedisKeys.Responses, .. ids.Select(id => RedisKeys.Response(id.ToString()))];
            RedisValue[] args = [now, .. ids];
            var result = await connection.RunAsync("response purge",
                db => db.ScriptEvaluateAsync(PurgeScript, keys, args), cancellationToken);
            purged += (int)(long)result;
            if (ids.Length < PurgeBatch)
            {
                break;
            }
        }

        return purged;
    }
}
