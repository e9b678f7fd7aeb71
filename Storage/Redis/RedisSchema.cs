using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// The versioned layout of the keys: numbered steps applied in order, the version recorded in
/// <c>g2a:meta</c> (<c>schema_version</c>). Two instances starting at once take turns through the
/// lock key <c>g2a:lock:schema</c> (SET NX PX, deleted only by its holder); steps are idempotent.
/// </summary>
internal static partial class RedisSchema
{
    public const string VersionField = "schema_version";
    public const string SeededField = "seeded";

    private static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    private const string UnlockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>
    /// The steps; step N brings the layout from version N - 1 to N. Version 1 is the first layout:
    /// every key is created on first write, so it records the version only.
    /// </summary>
    private static readonly IReadOnlyList<Func<IDatabase, Task>> Steps =
    [
        _ => Task.CompletedTask,
    ];

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Steps.Count;

    /// <summary>Brings the layout to <see cref="CurrentVersion"/>.</summary>
    /// <exception cref="StoreUnavailableException">Redis cannot be reached, or another instance held the lock too long.</exception>
    /// <exception cref="InvalidOperationException">The store was written by a newer version.</exception>
    public static async Task MigrateAsync(RedisConnection connection, StoreInstance instance, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(connection, cancellationToken);
        if (version == CurrentVersion)
        {
            return;
        }

        CheckNotNewer(version);
        var deadline = time.GetUtcNow() + LockWait;
        var owner = instance.Id;
        while (!await connection.RunAsync("schema lock", db => db.StringSetAsync(RedisKeys.SchemaLock, owner, LockTtl, When.NotExists), cancellationToken))
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new StoreUnavailableException("redis: another instance held the schema lock too long");
            }

            await Task.Delay(LockPoll, time, cancellationToken);
        }

        try
        {
            // Another instance may have migrated while this one waited.
            version = await ReadVersionAsync(connection, cancellationToken);
            CheckNotNewer(version);
            for (var step = version; step < CurrentVersion; step++)
            {
                var next = step + 1;
                await connection.RunAsync("schema migration", async db =>
                {
                    await Steps[step](db);
                    await db.HashSetAsync(RedisKeys.Meta, VersionField, next);
                }, cancellationToken);
                Log.Migrated(logger, next);
            }
        }
        finally
        {
            await connection.RunAsync("schema unlock", db => db.ScriptEvaluateAsync(UnlockScript, [RedisKeys.SchemaLock], [owner]), CancellationToken.None);
        }
    }

    private static async Task<int> ReadVersionAsync(RedisConnection connection, CancellationToken cancellationToken)
    {
        var value = await connection.RunAsync("schema read", db => db.HashGetAsync(RedisKeys.Meta, VersionField), cancellationToken);
        return value.IsNull ? 0 : int.Parse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static void CheckNotNewer(int version)
    {
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException($"redis: the store's schema version {version} is newer than this version understands ({CurrentVersion}); upgrade the service");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1330, EventName = "RedisSchemaMigrated", Level = LogLevel.Information, Message = "The Redis store is at schema version {Version}")]
        public static partial void Migrated(ILogger logger, int version);
    }
}
