using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// Token records in Redis: a hash per token (<c>g2a:token:{id}</c>, fields in <see cref="RedisTokenHash"/>)
/// and the set of ids (<c>g2a:tokens</c>). A batch is applied by one Lua script, so it is atomic
/// with respect to every other client and the quota and use-count deltas of two instances sum exactly.
/// </summary>
internal sealed class RedisTokenStore : ITokenStore
{
    /// <summary>
    /// Applies one batch of token changes, in order, then announces it. Runs atomically (no other
    /// command runs in between). Every value was validated by the caller, so no command below can
    /// fail halfway (Redis does not roll a script back).
    /// <list type="bullet">
    /// <item>KEYS[1] is the set of token ids; KEYS[i + 1] is the hash of operation i.</item>
    /// <item>ARGV[1] is the operations as JSON, one per key: <c>{"op":"replace"|"update"|"delete","id":…}</c>.
    /// replace: <c>set</c> (field, value, field, value…) is the whole record.
    /// update: <c>set</c> fields written, <c>del</c> fields set to null, <c>status</c> (optional)
    /// with <c>admin</c> (true: written whatever is stored; false: never over <c>disabled</c>),
    /// <c>quota</c> and <c>use_count</c> (optional) deltas as decimal text, added and clamped at 0.
    /// An update of a token that is not stored does nothing.</item>
    /// <item>ARGV[2] is the notice channel and ARGV[3] the notice, published after the changes.</item>
    /// </list>
    /// Returns the number of operations that changed something.
    /// </summary>
    private const string SaveScript = """
        local ids_key = KEYS[1]
        local ops = cjson.decode(ARGV[1])
        local applied = 0

        -- Adds delta to an integer field; the result is never below 0.
        local function add_clamped(key, field, delta)
          local value = (tonumber(redis.call('HGET', key, field)) or 0) + tonumber(delta)
          if value < 0 then value = 0 end
          redis.call('HSET', key, field, string.format('%d', value))
        end

        for i, op in ipairs(ops) do
          local key = KEYS[i + 1]
          if op.op == 'replace' then
            -- Insert or replace the whole record: fields left out are null.
            redis.call('DEL', key)
            redis.call('HSET', key, unpack(op.set))
            redis.call('SADD', ids_key, op.id)
            applied = applied + 1
          elseif op.op == 'update' then
            -- A token deleted elsewhere stays deleted.
            if redis.call('EXISTS', key) == 1 then
              if #op.set > 0 then redis.call('HSET', key, unpack(op.set)) end
              if #op.del > 0 then redis.call('HDEL', key, unpack(op.del)) end
              if op.status then
                -- Only an admin revives a disabled token.
                if op.admin or redis.call('HGET', key, 'status') ~= 'disabled' then
                  redis.call('HSET', key, 'status', op.status)
                end
              end
              if op.quota then add_clamped(key, 'quota', op.quota) end
              if op.use_count then add_clamped(key, 'use_count', op.use_count) end
              applied = applied + 1
            end
          elseif op.op == 'delete' then
            applied = applied + redis.call('DEL', key)
            redis.call('SREM', ids_key, op.id)
          end
        end

        redis.call('PUBLISH', ARGV[2], ARGV[3])
        return applied
        """;

    private readonly RedisConnection _connection;
    private readonly StoreInstance _instance;

    public RedisTokenStore(RedisConnection connection, StoreInstance instance)
    {
        _connection = connection;
        _instance = instance;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken)
    {
        return await _connection.RunAsync("token load", async db =>
        {
            var ids = await db.SetMembersAsync(RedisKeys.TokenIds);
            return await ReadAsync(db, [.. ids.Select(id => id.ToString())]);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PooledToken>> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        return await _connection.RunAsync("token load", db => ReadAsync(db, wanted), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return;
        }

        var keys = new List<RedisKey>(changes.Count + 1) { RedisKeys.TokenIds };
        var touched = new List<string>(changes.Count);
        var operations = WriteOperations(changes, keys, touched);
        var notice = JsonSerializer.Serialize(new RedisNotice(_instance.Id, RedisNotice.Tokens, touched.Distinct(StringComparer.Ordinal).ToList()), RedisJsonContext.Default.RedisNotice);
        RedisValue[] args = [operations, RedisKeys.Notices.ToString(), notice];
        await _connection.RunAsync("token save", db => db.ScriptEvaluateAsync(SaveScript, [.. keys], args), cancellationToken);
    }

    private static async Task<IReadOnlyList<PooledToken>> ReadAsync(IDatabase db, List<string> ids)
    {
        // Pipelined: every HGETALL is sent before the first answer is awaited.
        var reads = ids.Select(id => db.HashGetAllAsync(RedisKeys.Token(id))).ToArray();
        var hashes = await Task.WhenAll(reads);
        var tokens = new List<PooledToken>(hashes.Length);
        foreach (var hash in hashes)
        {
            if (RedisTokenHash.Read(hash) is { } token)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private static string WriteOperations(TokenChangeSet changes, List<RedisKey> keys, List<string> touched)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var upsert in changes.Upserts)
            {
                var id = Add(upsert.Token.Token);
                writer.WriteStartObject();
                writer.WriteString("op", "replace");
                writer.WriteString("id", id);
                writer.WriteStartArray("set");
                foreach (var (field, value) in RedisTokenHash.All(upsert))
                {
                    if (value is not null)
                    {
                        writer.WriteStringValue(field);
                        writer.WriteStringValue(value);
                    }
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            foreach (var update in changes.Updates)
            {
                var id = Add(update.Token);
                writer.WriteStartObject();
                writer.WriteString("op", "update");
                writer.WriteString("id", id);
                var named = RedisTokenHash.Named(update).ToList();
                writer.WriteStartArray("set");
                foreach (var (field, value) in named.Where(f => f.Value is not null))
                {
                    writer.WriteStringValue(field);
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("del");
                foreach (var (field, _) in named.Where(f => f.Value is null))
                {
                    writer.WriteStringValue(field);
                }

                writer.WriteEndArray();
                var admin = (update.Fields & TokenFields.StatusByAdmin) != 0;
                if (admin || (update.Fields & TokenFields.Status) != 0)
                {
                    writer.WriteString("status", TokenStatusNames.Of(update.Values.Token.Status));
                    writer.WriteBoolean("admin", admin);
                }

                if ((update.Fields & TokenFields.Quota) == 0 && update.QuotaDelta != 0)
                {
                    writer.WriteString("quota", update.QuotaDelta.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if ((update.Fields & TokenFields.UseCount) == 0 && update.UseCountDelta != 0)
                {
                    writer.WriteString("use_count", update.UseCountDelta.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
            }

            foreach (var token in changes.Deletes)
            {
                var id = Add(token);
                writer.WriteStartObject();
                writer.WriteString("op", "delete");
                writer.WriteString("id", id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);

        string Add(string token)
        {
            var id = TokenIdentity.IdOf(token);
            keys.Add(RedisKeys.Token(id));
            touched.Add(id);
            return id;
        }
    }
}
