using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Grok2Api.Tests.Common.Servers;

namespace Grok2Api.Proxy.FunctionalTests.Storage;

/// <summary>
/// A user of the original project switches to this gateway on the same Redis: the accounts and the
/// config the original kept under <c>grok2api:*</c> (written here with redis-cli, as the original
/// wrote them) are what the admin API shows after the first start, although <c>DATA_DIR</c> is empty.
/// </summary>
public sealed class OriginalRedisImportTests
{
    private const string Basic = "eyJhbGciOiJIUzI1NiJ9.functional-original-basic-0123456789";
    private const string Super = "eyJhbGciOiJIUzI1NiJ9.functional-original-super-0123456789";

    [Fact]
    public async Task A_gateway_on_a_Redis_of_the_original_serves_its_accounts_and_config()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        await redis.CommandAsync(["HSET", $"grok2api:token:{Basic}", "token", Basic, "status", "active", "quota", "42", "use_count", "38",
            "fail_count", "0", "tags", "[\"nsfw\"]", "note", "from the original", "created_at", "1739600000000"], ct);
        await redis.CommandAsync(["HSET", $"grok2api:token:{Super}", "token", Super, "status", "cooling", "quota", "0", "use_count", "140",
            "fail_count", "1", "last_fail_reason", "429", "tags", "[]", "note", ""], ct);
        await redis.CommandAsync(["SADD", "grok2api:pool:ssoBasic", Basic], ct);
        await redis.CommandAsync(["SADD", "grok2api:pool:ssoSuper", Super], ct);
        await redis.CommandAsync(["SADD", "grok2api:pools", "ssoBasic", "ssoSuper"], ct);
        await redis.CommandAsync(["HSET", "grok2api:config", "app.app_key", "\"original-admin-key\"", "chat.concurrent", "12"], ct);
        using var data = new TempDirectory();

        await using var gateway = await GatewayHost.StartAsync(data.Path, ct, "--SERVER_STORAGE_TYPE=redis", $"--SERVER_STORAGE_URL={redis.Url}");

        var admin = new AdminClient(gateway.Client, "original-admin-key");
        var items = await admin.ItemsAsync(ct);
        Assert.Equal(2, items.Count);
        var basic = items.Single(i => i.GetProperty("id").GetString() == TokenIdentity.IdOf(Basic));
        Assert.Equal("ssoBasic", basic.GetProperty("pool").GetString());
        Assert.Equal("active", basic.GetProperty("status").GetString());
        Assert.Equal(42, basic.GetProperty("quota").GetInt32());
        Assert.Equal(38, basic.GetProperty("use_count").GetInt32());
        Assert.Equal("from the original", basic.GetProperty("note").GetString());
        Assert.Equal("nsfw", Assert.Single(basic.GetProperty("tags").EnumerateArray()).GetString());
        var super = items.Single(i => i.GetProperty("id").GetString() == TokenIdentity.IdOf(Super));
        Assert.Equal("ssoSuper", super.GetProperty("pool").GetString());
        Assert.Equal("cooling", super.GetProperty("status").GetString());

        var config = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, ct);
        Assert.Equal(12, config.GetProperty("chat").GetProperty("concurrent").GetInt32());
        using var withDefaultKey = await new AdminClient(gateway.Client).SendAsync(HttpMethod.Get, "/v1/admin/tokens", null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, withDefaultKey.StatusCode);

        // The original's keys are still there, as they were.
        Assert.Equal("42", (await redis.CommandAsync(["HGET", $"grok2api:token:{Basic}", "quota"], ct)).Trim());
        Assert.Equal("2", (await redis.CommandAsync(["SCARD", "grok2api:pools"], ct)).Trim());
    }
}
