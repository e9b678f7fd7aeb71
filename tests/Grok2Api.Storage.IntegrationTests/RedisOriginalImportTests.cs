using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.IntegrationTests.Infrastructure;
using Grok2Api.Storage.Redis;
using Grok2Api.Storage.Seeding;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// The import against a real Redis holding the original's keys, written as the original wrote them
/// (redis-py with decode_responses): <c>grok2api:pools</c>, <c>grok2api:pool:{pool}</c>,
/// <c>grok2api:token:{token}</c> hashes of strings (null fields left out), <c>grok2api:config</c>.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisOriginalImportTests(RedisFixture fixture) : OriginalStoreImportContract
{
    protected override Task<string> NewStoreAsync(CancellationToken cancellationToken) => fixture.NewStoreAsync(cancellationToken);

    protected override IStorageBackend Create(string store, StoreInstance instance) =>
        new RedisStorageBackend(store, instance, TimeProvider.System, NullLoggerFactory.Instance);

    protected override async Task WriteOriginalTokenAsync(string store, string pool, string token, JsonObject record)
    {
        await using var redis = await ConnectAsync(store);
        var db = Database(redis, store);
        var fields = new List<HashEntry>();
        foreach (var (name, value) in record)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonArray array:
                    fields.Add(new HashEntry(name, array.ToJsonString()));
                    break;
                default:
                    fields.Add(new HashEntry(name, value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()));
                    break;
            }
        }

        await db.HashSetAsync($"grok2api:token:{token}", [.. fields]);
        await db.SetAddAsync($"grok2api:pool:{pool}", token);
        await db.SetAddAsync("grok2api:pools", pool);
    }

    protected override async Task WriteOriginalConfigAsync(string store, string section, string key, string value)
    {
        await using var redis = await ConnectAsync(store);
        await Database(redis, store).HashSetAsync("grok2api:config", $"{section}.{key}", value);
    }

    protected override async Task WriteUnreadableTokenAsync(string store, string pool, string token)
    {
        // A member that is no token at all (blank once the sso= prefix is removed).
        await using var redis = await ConnectAsync(store);
        await Database(redis, store).SetAddAsync($"grok2api:pool:{pool}", "sso=");
    }

    protected override async Task<string> SnapshotOriginalAsync(string store)
    {
        await using var redis = await ConnectAsync(store);
        var db = Database(redis, store);
        var server = redis.GetServers()[0];
        var text = new StringBuilder();
        foreach (var key in server.Keys(DatabaseOf(store), "grok2api:*").Select(k => k.ToString()).Order(StringComparer.Ordinal))
        {
            var type = await db.KeyTypeAsync(key);
            text.Append(key).Append(' ').Append(type).Append(':');
            switch (type)
            {
                case RedisType.Hash:
                    foreach (var entry in (await db.HashGetAllAsync(key)).OrderBy(e => e.Name.ToString(), StringComparer.Ordinal))
                    {
                        text.Append(' ').Append(entry.Name).Append('=').Append(entry.Value);
                    }

                    break;
                case RedisType.Set:
                    foreach (var member in (await db.SetMembersAsync(key)).Select(m => m.ToString()).Order(StringComparer.Ordinal))
                    {
                        text.Append(' ').Append(member);
                    }

                    break;
                default:
                    text.Append(' ').Append(await db.StringGetAsync(key));
                    break;
            }

            text.Append(' ').Append(await db.KeyTimeToLiveAsync(key)).AppendLine();
        }

        return text.ToString();
    }

    [Fact]
    public async Task A_failure_reason_left_over_after_a_success_is_not_imported()
    {
        // The original set last_fail_reason back to null on a success but never removed the field.
        await using (var redis = await ConnectAsync(Store))
        {
            var db = Database(redis, Store);
            await db.HashSetAsync("grok2api:token:eyJhbGciOiJIUzI1NiJ9.recovered-0123456789abcdef",
            [
                new HashEntry("token", "eyJhbGciOiJIUzI1NiJ9.recovered-0123456789abcdef"), new HashEntry("status", "active"),
                new HashEntry("quota", "60"), new HashEntry("fail_count", "0"), new HashEntry("last_fail_at", "1739800000000"),
                new HashEntry("last_fail_reason", "401 unauthorized"), new HashEntry("tags", "[]"), new HashEntry("note", ""),
            ]);
            await db.SetAddAsync("grok2api:pool:ssoBasic", "eyJhbGciOiJIUzI1NiJ9.recovered-0123456789abcdef");
            await db.SetAddAsync("grok2api:pools", "ssoBasic");
        }

        var result = await SeedAsync("first");

        Assert.Equal(SeedSource.OriginalStore, result.TokensFrom);
        var token = Assert.Single(await (await OpenAsync("reader")).Tokens.LoadAsync(Ct)).Token;
        Assert.Equal(60, token.Quota);
        Assert.Null(token.LastFailReason);
        Assert.Equal(1739800000000, token.LastFailAt);
    }

    private static int DatabaseOf(string store) => int.Parse(new Uri(store).AbsolutePath.Trim('/'), CultureInfo.InvariantCulture);

    private static IDatabase Database(ConnectionMultiplexer redis, string store) => redis.GetDatabase(DatabaseOf(store));

    private async Task<ConnectionMultiplexer> ConnectAsync(string store)
    {
        _ = store;
        return await ConnectionMultiplexer.ConnectAsync(
            string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{fixture.Server.Port},password={RedisServer.Password},allowAdmin=true"));
    }
}
