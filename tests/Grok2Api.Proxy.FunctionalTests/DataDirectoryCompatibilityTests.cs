using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// An existing data directory of the original project keeps working (docs/compatibility.md §2, §4, §5), and
/// nothing changes across a restart.
/// </summary>
public sealed class DataDirectoryCompatibilityTests
{
    private const string V1Config = """
        # Written by the original Grok2API (v1 layout: upstream settings under [grok]).
        [grok]
        temporary = false
        stream = true
        timeout = 150
        cf_clearance = "cf-legacy-0123456789"
        max_retry = 2
        retry_status_codes = [429]
        stream_idle_timeout = 100.0
        image_ws_nsfw = false

        [app]
        app_key = "legacy-admin-key"
        api_key = "sk-legacy-0123"

        [token]
        auto_refresh = false
        """;

    [Fact]
    public async Task OriginalDataDirectory_LoadsMigratesAndSurvivesRestartUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var t = Enumerable.Range(0, 7).Select(i => TestTokens.New($"legacy{i}")).ToArray();
        DataDirectoryFiles.WriteConfig(data.Path, V1Config);
        var originalConfig = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        DataDirectoryFiles.WriteTokens(data.Path, $$"""
            {
              "ssoBasic": [
                {"token": "sso={{t[0]}}", "status": "active", "quota": 33, "created_at": 1739600000000,
                 "last_used_at": 1739600001234, "use_count": 5, "fail_count": 1, "last_fail_at": 1739600002000,
                 "last_fail_reason": "rate_limits_auth_failed", "last_sync_at": 1739600003000, "tags": ["nsfw"],
                 "note": "主账号", "last_asset_clear_at": null},
                "sso={{t[1]}}",
                "{{t[2]}}",
                {"token": "{{t[3]}}", "status": "cooling", "quota": 0, "created_at": 1739600000001, "use_count": 80}
              ],
              "ssoSuper": [
                {"token": "{{t[4]}}", "status": "disabled", "quota": 140, "created_at": 1739600000002, "note": "paused"},
                "{{t[5]}}",
                {"token": "sso={{t[6]}}", "status": "expired", "quota": 0, "created_at": 1739600000003, "fail_count": 5}
              ]
            }
            """);
        TokenFileRecord[] expected =
        [
            new("ssoBasic", t[0], "active", 33, 5, 1, "nsfw", "主账号"),
            new("ssoBasic", t[1], "active", 80, 0, 0, "", ""),
            new("ssoBasic", t[2], "active", 80, 0, 0, "", ""),
            new("ssoBasic", t[3], "cooling", 0, 80, 0, "", ""),
            new("ssoSuper", t[4], "disabled", 140, 0, 0, "", "paused"),
            new("ssoSuper", t[5], "active", 140, 0, 0, "", ""),
            new("ssoSuper", t[6], "expired", 0, 0, 5, "", ""),
        ];

        string listingBefore, effectiveBefore;
        byte[] configBefore;
        List<TokenFileRecord> tokensBefore;
        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            // Every token is listed with its pool, quota and status; bare strings get the pool defaults.
            var admin = new AdminClient(gateway.Client, "legacy-admin-key");
            var items = await admin.ItemsAsync(ct);
            Assert.Equal(expected.Length, items.Count);
            foreach (var record in expected)
            {
                var item = Assert.Single(items, i => i.GetProperty("id").GetString() == TestTokens.IdOf(record.Token));
                Assert.Equal(record.Pool, item.GetProperty("pool").GetString());
                Assert.Equal(record.Status, item.GetProperty("status").GetString());
                Assert.Equal(record.Quota, item.GetProperty("quota").GetInt32());
                Assert.Equal(record.UseCount, item.GetProperty("use_count").GetInt32());
                Assert.Equal(record.FailCount, item.GetProperty("fail_count").GetInt32());
                Assert.Equal(record.Note, item.GetProperty("note").GetString());
                Assert.Equal(record.Tags, string.Join(",", item.GetProperty("tags").EnumerateArray().Select(x => x.GetString())));
            }

            var first = items.Single(i => i.GetProperty("id").GetString() == TestTokens.IdOf(t[0]));
            Assert.Equal(1739600000000, first.GetProperty("created_at").GetInt64());
            Assert.Equal(1739600001234, first.GetProperty("last_used_at").GetInt64());
            Assert.Equal(1739600003000, first.GetProperty("last_sync_at").GetInt64());
            Assert.Equal("rate_limits_auth_failed", first.GetProperty("last_fail_reason").GetString());
            Assert.All(admin.Bodies, body => Assert.All(t, token => Assert.DoesNotContain(token, body, StringComparison.Ordinal)));

            // The v1 keys are in force under their new names.
            var config = gateway.Services.GetRequiredService<IOptionsMonitor<GrokConfig>>().CurrentValue;
            Assert.False(config.App.Temporary);
            Assert.True(config.App.Stream);
            Assert.Equal(150, config.Chat.Timeout);
            Assert.Equal(150, config.Image.Timeout);
            Assert.Equal(150, config.Video.Timeout);
            Assert.Equal("cf-legacy-0123456789", config.Proxy.CfClearance);
            Assert.Equal(2, config.Retry.MaxRetry);
            Assert.Equal([429], config.Retry.RetryStatusCodes);
            Assert.Equal(100, config.Chat.StreamTimeout);
            Assert.False(config.Image.Nsfw);
            Assert.Equal("legacy-admin-key", config.App.AppKey);
            Assert.False(config.Token.AutoRefresh);

            // ...and the keys of [app] keep working: the API key guards /v1, the admin key /v1/admin.
            using (var anonymous = await gateway.Client.GetAsync(new Uri("/v1/models", UriKind.Relative), ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-legacy-0123");
                using var keyed = await gateway.Client.SendAsync(request, ct);
                Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
            }

            // The file was rewritten in the new layout, and the original kept as a backup.
            var backup = DataDirectoryFiles.ConfigPath(data.Path) + ".v1.bak";
            Assert.True(File.Exists(backup), "config.toml.v1.bak is kept");
            Assert.Equal(originalConfig, await File.ReadAllBytesAsync(backup, ct));
            var migrated = TomlConfigReader.Parse(await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), ct), "config.toml");
            Assert.Null(migrated["grok"]);
            Assert.Equal(2, migrated["retry"]!["max_retry"]!.GetValue<long>());
            Assert.Equal("cf-legacy-0123456789", migrated["proxy"]!["cf_clearance"]!.GetValue<string>());
            Assert.Equal("legacy-admin-key", migrated["app"]!["app_key"]!.GetValue<string>());

            listingBefore = await ListingAsync(admin, BareStringIds(t), ct);
            effectiveBefore = EffectiveConfig(gateway);
            tokensBefore = DataDirectoryFiles.ReadTokens(data.Path);
            configBefore = await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        }

        Assert.Equal(expected.OrderBy(r => r.Token, StringComparer.Ordinal), tokensBefore.OrderBy(r => r.Token, StringComparer.Ordinal));

        await using (var restarted = await GatewayHost.StartAsync(data.Path, ct))
        {
            var admin = new AdminClient(restarted.Client, "legacy-admin-key");
            Assert.Equal(listingBefore, await ListingAsync(admin, BareStringIds(t), ct));
            Assert.Equal(effectiveBefore, EffectiveConfig(restarted));
            Assert.Equal(configBefore, await File.ReadAllBytesAsync(DataDirectoryFiles.ConfigPath(data.Path), ct));
            Assert.False(File.Exists(DataDirectoryFiles.ConfigPath(data.Path) + ".v1.2.bak"), "a migrated file is not migrated again");
        }

        Assert.Equal(tokensBefore.OrderBy(r => r.Token, StringComparer.Ordinal), DataDirectoryFiles.ReadTokens(data.Path).OrderBy(r => r.Token, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfigValueWithEscapesAndUnicode_SurvivesRestartExactly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        const string PublicKey = "C:\\keys\\pk \"quoted\" \\u0041 '''x''' \"\"\"y\"\"\"\nsecond line\ttab 中文 ключ 🚀 end\\";
        const string AppKey = "adm\\in \"key\" 管理员 🔑";

        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            var editor = gateway.Services.GetRequiredService<IConfigEditor>();
            var result = await editor.PatchAsync(new JsonObject { ["app"] = new JsonObject { ["public_key"] = PublicKey, ["app_key"] = AppKey } }, ct);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            var config = gateway.Services.GetRequiredService<IOptionsMonitor<GrokConfig>>().CurrentValue;
            Assert.Equal(PublicKey, config.App.PublicKey);
            Assert.Equal(AppKey, config.App.AppKey);
        }

        // The file is valid TOML that holds the values exactly.
        var text = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), Encoding.UTF8, ct);
        var tree = TomlConfigReader.Parse(text, "config.toml");
        Assert.Equal(PublicKey, tree["app"]!["public_key"]!.GetValue<string>());
        Assert.Equal(AppKey, tree["app"]!["app_key"]!.GetValue<string>());

        await using (var restarted = await GatewayHost.StartAsync(data.Path, ct))
        {
            var config = restarted.Services.GetRequiredService<IOptionsMonitor<GrokConfig>>().CurrentValue;
            Assert.Equal(PublicKey, config.App.PublicKey);
            Assert.Equal(AppKey, config.App.AppKey);

            // The admin logs in with the new key, typed as it is.
            using var client = restarted.CreateClient();
            using var login = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AppKey }, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            using var old = await client.PostAsJsonAsync(new Uri("/v1/admin/login", UriKind.Relative), new { app_key = AdminClient.DefaultAppKey }, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }
    }

    [Fact]
    public async Task BareStringTokens_KeepTheirCreatedAtAcrossRestarts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        string[] t = [TestTokens.New("bare-basic"), TestTokens.New("bare-super")];
        DataDirectoryFiles.WriteConfig(data.Path, "[token]\nauto_refresh = false\n");
        DataDirectoryFiles.WriteTokens(data.Path, $$"""{"ssoBasic": ["sso={{t[0]}}"], "ssoSuper": ["{{t[1]}}"]}""");

        Dictionary<string, long> first;
        await using (var gateway = await GatewayHost.StartAsync(data.Path, ct))
        {
            first = (await new AdminClient(gateway.Client).ItemsAsync(ct)).ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("created_at").GetInt64());
        }

        await Task.Delay(50, ct);
        await using (var restarted = await GatewayHost.StartAsync(data.Path, ct))
        {
            // The listing (and its newest-first order, and the first scheduled re-sync) must not move on every restart.
            var second = (await new AdminClient(restarted.Client).ItemsAsync(ct)).ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("created_at").GetInt64());
            Assert.Equal(first, second);
        }
    }

    /// <summary>The tokens written as bare strings in the original file (t1, t2, t5): they have no stored created_at.</summary>
    private static HashSet<string> BareStringIds(string[] t) => [TestTokens.IdOf(t[1]), TestTokens.IdOf(t[2]), TestTokens.IdOf(t[5])];

    /// <summary>The whole listing as text, sorted by id; <c>created_at</c> of <paramref name="withoutCreatedAt"/> is left out.</summary>
    private static async Task<string> ListingAsync(AdminClient admin, HashSet<string> withoutCreatedAt, CancellationToken cancellationToken)
    {
        var items = await admin.ItemsAsync(cancellationToken);
        return string.Join("\n", items
            .Select(i =>
            {
                var node = JsonNode.Parse(i.GetRawText())!.AsObject();
                if (withoutCreatedAt.Contains(i.GetProperty("id").GetString()!))
                {
                    node.Remove("created_at");
                }

                return node.ToJsonString();
            })
            .Order(StringComparer.Ordinal));
    }

    private static string EffectiveConfig(GatewayHost gateway) =>
        gateway.Services.GetRequiredService<IConfigEditor>().GetEffectiveTree(maskSecrets: false).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
