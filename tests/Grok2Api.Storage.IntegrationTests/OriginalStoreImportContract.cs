using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Seeding;
using Grok2Api.Storage.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// The first start on an empty shared store imports the original Python project's data from the
/// same server (its Redis keys or its <c>tokens</c>/<c>app_config</c> tables), written here as the
/// original wrote it, instead of the <c>DATA_DIR</c> files; the original's data is never changed.
/// One derived class per server.
/// </summary>
public abstract class OriginalStoreImportContract : IAsyncLifetime
{
    /// <summary>The accounts a user had in the original's store: pool, token and the record as a token.json entry.</summary>
    protected static readonly (string Pool, string Token, string Record)[] Accounts =
    [
        ("ssoBasic", "eyJhbGciOiJIUzI1NiJ9.original-basic-one-0123456789abcdef",
            """{"token":"eyJhbGciOiJIUzI1NiJ9.original-basic-one-0123456789abcdef","status":"active","quota":55,"created_at":1739600000000,"last_used_at":1739700000000,"use_count":25,"fail_count":0,"last_fail_at":null,"last_fail_reason":null,"last_sync_at":1739650000000,"tags":["nsfw","主"],"note":"主账号","last_asset_clear_at":null}"""),
        ("ssoBasic", "eyJhbGciOiJIUzI1NiJ9.original-basic-two-0123456789abcdef",
            """{"token":"eyJhbGciOiJIUzI1NiJ9.original-basic-two-0123456789abcdef","status":"cooling","quota":0,"created_at":1739600000001,"last_used_at":1739700000001,"use_count":80,"fail_count":2,"last_fail_at":1739800000000,"last_fail_reason":"429 rate limited","last_sync_at":null,"tags":[],"note":"","last_asset_clear_at":null}"""),
        ("ssoSuper", "eyJhbGciOiJIUzI1NiJ9.original-super-one-0123456789abcdef",
            """{"token":"eyJhbGciOiJIUzI1NiJ9.original-super-one-0123456789abcdef","status":"expired","quota":140,"created_at":1739600000002,"last_used_at":null,"use_count":0,"fail_count":5,"last_fail_at":1739900000000,"last_fail_reason":"401 unauthorized","last_sync_at":1739650000002,"tags":["super"],"note":"team","last_asset_clear_at":1739950000000}"""),
        ("ssoSuper", "eyJhbGciOiJIUzI1NiJ9.original-super-two-0123456789abcdef",
            """{"token":"eyJhbGciOiJIUzI1NiJ9.original-super-two-0123456789abcdef","status":"disabled","quota":7,"created_at":1739600000003,"last_used_at":1739700000003,"use_count":133,"fail_count":0,"last_fail_at":null,"last_fail_reason":null,"last_sync_at":null,"tags":[],"note":"paused by admin","last_asset_clear_at":null}"""),
    ];

    /// <summary>The user's config in the original's store: section, key, JSON value.</summary>
    protected static readonly (string Section, string Key, string Value)[] Settings =
    [
        ("app", "app_password", "\"admin-from-original\""),
        ("app", "stream", "true"),
        ("app", "api_key", "\"sk-original\""),
        ("chat", "concurrent", "20"),
        ("retry", "max_retry", "5"),
        ("retry", "retry_status_codes", "[401, 429]"),
    ];

    private readonly List<IStorageBackend> _opened = [];
    private string _store = "";
    private string _dataDirectory = "";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An empty store (a fresh database) and its URL.</summary>
    protected abstract Task<string> NewStoreAsync(CancellationToken cancellationToken);

    /// <summary>Our backend over <paramref name="store"/> (not opened).</summary>
    protected abstract IStorageBackend Create(string store, StoreInstance instance);

    /// <summary>Writes one token record in the original's layout, as the original wrote it.</summary>
    protected abstract Task WriteOriginalTokenAsync(string store, string pool, string token, JsonObject record);

    /// <summary>Writes one config entry in the original's layout (<paramref name="value"/> is JSON text, or anything for a bad entry).</summary>
    protected abstract Task WriteOriginalConfigAsync(string store, string section, string key, string value);

    /// <summary>Writes a token record that cannot be read at all (the reader must skip it).</summary>
    protected abstract Task WriteUnreadableTokenAsync(string store, string pool, string token);

    /// <summary>Everything of the original's layout in the store, as text, to compare before and after.</summary>
    protected abstract Task<string> SnapshotOriginalAsync(string store);

    protected string Store => _store;

    public async ValueTask InitializeAsync()
    {
        _store = await NewStoreAsync(Ct);
        _dataDirectory = Directory.CreateTempSubdirectory("g2a-original-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _opened)
        {
            await backend.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task The_first_start_imports_the_originals_tokens_and_config_and_leaves_them_untouched()
    {
        await WriteOriginalAsync();
        var before = await SnapshotOriginalAsync(_store);
        var logger = new FakeLogger();

        var result = await SeedAsync("first", logger);

        Assert.True(result.Performed);
        Assert.Equal(SeedSource.OriginalStore, result.TokensFrom);
        Assert.Equal(SeedSource.OriginalStore, result.ConfigFrom);
        Assert.Equal(Accounts.Length, result.Tokens);
        await AssertAccountsAsync();
        var config = await LoadConfigAsync();
        Assert.Equal("admin-from-original", config.App.AppKey);
        Assert.Equal("sk-original", config.App.ApiKey);
        Assert.True(config.App.Stream);
        Assert.Equal(20, config.Chat.Concurrent);
        Assert.Equal(5, config.Retry.MaxRetry);
        Assert.Equal([401, 429], config.Retry.RetryStatusCodes);
        Assert.Equal(10, config.Video.Concurrent);

        Assert.Equal(before, await SnapshotOriginalAsync(_store));
        var imported = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1257);
        Assert.Equal(LogLevel.Information, imported.Level);
        Assert.Contains("4 tokens", imported.Message, StringComparison.Ordinal);
        AssertNoTokenLogged(logger);
    }

    [Fact]
    public async Task A_second_start_does_not_import_again()
    {
        await WriteOriginalAsync();
        await SeedAsync("first");
        var deleted = Accounts[3].Token;
        var changes = new TokenChangeSet();
        changes.Deletes.Add(deleted);
        await (await OpenAsync("admin")).Tokens.SaveAsync(changes, Ct);
        await WriteOriginalTokenAsync(_store, "ssoBasic", "eyJhbGciOiJIUzI1NiJ9.added-to-the-original-later-0123", Record("eyJhbGciOiJIUzI1NiJ9.added-to-the-original-later-0123"));
        var before = await SnapshotOriginalAsync(_store);

        var second = await SeedAsync("second");

        Assert.False(second.Performed);
        var tokens = await (await OpenAsync("reader")).Tokens.LoadAsync(Ct);
        Assert.Equal(Accounts.Length - 1, tokens.Count);
        Assert.DoesNotContain(tokens, t => t.Token.Token == deleted || t.Token.Token.Contains("added", StringComparison.Ordinal));
        Assert.Equal(before, await SnapshotOriginalAsync(_store));
    }

    [Fact]
    public async Task Instances_starting_together_import_once()
    {
        await WriteOriginalAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => SeedAsync("together-" + i)));

        Assert.Single(results, r => r.Performed);
        await AssertAccountsAsync();
    }

    [Fact]
    public async Task Bad_records_and_values_are_skipped_or_defaulted_and_the_rest_is_imported()
    {
        await WriteOriginalAsync();
        const string badQuota = "eyJhbGciOiJIUzI1NiJ9.bad-quota-0123456789abcdef0123";
        var record = Record(badQuota);
        record["quota"] = "lots";
        record["use_count"] = 9;
        record["note"] = "kept";
        await WriteOriginalTokenAsync(_store, "ssoSuper", badQuota, record);
        const string unreadable = "eyJhbGciOiJIUzI1NiJ9.unreadable-0123456789abcdef0123";
        await WriteUnreadableTokenAsync(_store, "ssoBasic", unreadable);
        await WriteOriginalConfigAsync(_store, "chat", "queue_timeout", "-5");
        await WriteOriginalConfigAsync(_store, "video", "concurrent", "{not json");
        var before = await SnapshotOriginalAsync(_store);
        var logger = new FakeLogger();

        var result = await SeedAsync("first", logger);

        Assert.Equal(Accounts.Length + 1, result.Tokens);
        var tokens = await (await OpenAsync("reader")).Tokens.LoadAsync(Ct);
        Assert.Equal(Accounts.Length + 1, tokens.Count);
        var defaulted = Assert.Single(tokens, t => t.Token.Token == badQuota);
        Assert.Equal("ssoSuper", defaulted.Pool);
        Assert.Equal(TokenDefaults.QuotaFor("ssoSuper"), defaulted.Token.Quota);
        Assert.Equal(9, defaulted.Token.UseCount);
        Assert.Equal("kept", defaulted.Token.Note);
        Assert.DoesNotContain(tokens, t => t.Token.Token == unreadable);

        var config = await LoadConfigAsync();
        Assert.Equal(10, config.Chat.QueueTimeout);
        Assert.Equal(20, config.Chat.Concurrent);
        Assert.Equal(10, config.Video.Concurrent);
        Assert.Equal(5, config.Retry.MaxRetry);
        Assert.Equal("admin-from-original", config.App.AppKey);

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Contains(warnings, w => w.Contains(TokenIdentity.IdOf(badQuota), StringComparison.Ordinal) && w.Contains("quota", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("chat.queue_timeout", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("video.concurrent", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("1 token records skipped", StringComparison.Ordinal));
        AssertNoTokenLogged(logger, badQuota, unreadable);
        Assert.Equal(before, await SnapshotOriginalAsync(_store));
    }

    [Fact]
    public async Task The_originals_store_wins_over_the_DATA_DIR_files()
    {
        await WriteOriginalAsync();
        await WriteDataDirectoryAsync();

        var result = await SeedAsync("first");

        Assert.Equal(SeedSource.OriginalStore, result.TokensFrom);
        Assert.Equal(SeedSource.OriginalStore, result.ConfigFrom);
        await AssertAccountsAsync();
        Assert.Equal(20, (await LoadConfigAsync()).Chat.Concurrent);
    }

    [Fact]
    public async Task Tokens_come_from_the_original_and_the_config_from_DATA_DIR_when_the_original_has_no_config()
    {
        foreach (var (pool, token, record) in Accounts)
        {
            await WriteOriginalTokenAsync(_store, pool, token, JsonNode.Parse(record)!.AsObject());
        }

        await WriteDataDirectoryAsync();

        var result = await SeedAsync("first");

        Assert.Equal(SeedSource.OriginalStore, result.TokensFrom);
        Assert.Equal(SeedSource.DataDirectory, result.ConfigFrom);
        await AssertAccountsAsync();
        Assert.Equal(3, (await LoadConfigAsync()).Chat.Concurrent);
    }

    [Fact]
    public async Task The_config_comes_from_the_original_and_the_tokens_from_DATA_DIR_when_the_original_has_no_tokens()
    {
        foreach (var (section, key, value) in Settings)
        {
            await WriteOriginalConfigAsync(_store, section, key, value);
        }

        await WriteDataDirectoryAsync();

        var result = await SeedAsync("first");

        Assert.Equal(SeedSource.DataDirectory, result.TokensFrom);
        Assert.Equal(SeedSource.OriginalStore, result.ConfigFrom);
        var token = Assert.Single(await (await OpenAsync("reader")).Tokens.LoadAsync(Ct));
        Assert.Equal("eyJhbGciOiJIUzI1NiJ9.from-the-data-dir-0123456789abcdef", token.Token.Token);
        Assert.Equal(20, (await LoadConfigAsync()).Chat.Concurrent);
    }

    /// <summary>A record of <paramref name="token"/> with every field at a plain value.</summary>
    protected static JsonObject Record(string token) => new()
    {
        ["token"] = token, ["status"] = "active", ["quota"] = 80, ["created_at"] = 1739600000000, ["use_count"] = 0, ["fail_count"] = 0,
        ["tags"] = new JsonArray(), ["note"] = "",
    };

    protected async Task WriteOriginalAsync()
    {
        foreach (var (pool, token, record) in Accounts)
        {
            await WriteOriginalTokenAsync(_store, pool, token, JsonNode.Parse(record)!.AsObject());
        }

        foreach (var (section, key, value) in Settings)
        {
            await WriteOriginalConfigAsync(_store, section, key, value);
        }
    }

    /// <summary>Runs the seeding of a starting instance: <c>DATA_DIR</c> as the source, a new backend object on the store.</summary>
    protected async Task<StoreSeedResult> SeedAsync(string instance, ILogger? logger = null)
    {
        var target = await OpenAsync(instance);
        await using var files = new LocalStorageBackend(
            new StorageSettings(_dataDirectory, StorageKind.Local, ""), new StoreInstance(instance), TimeProvider.System, NullLoggerFactory.Instance);
        return await StoreSeeder.SeedOnceAsync(files, target, TimeSpan.FromSeconds(10), TimeProvider.System, logger ?? NullLogger.Instance, Ct);
    }

    protected async Task<IStorageBackend> OpenAsync(string instance)
    {
        var backend = Create(_store, new StoreInstance(instance + "-" + Guid.NewGuid().ToString("N")[..6]));
        _opened.Add(backend);
        await backend.OpenAsync(Ct);
        return backend;
    }

    /// <summary>Checks that our store holds exactly <see cref="Accounts"/>, every field as the user had it.</summary>
    protected async Task AssertAccountsAsync()
    {
        var tokens = await (await OpenAsync("reader")).Tokens.LoadAsync(Ct);
        Assert.Equal(Accounts.Length, tokens.Count);
        foreach (var (pool, token, _) in Accounts)
        {
            Assert.Equal(pool, Assert.Single(tokens, t => t.Token.Token == token).Pool);
        }

        var basic = Get(tokens, Accounts[0].Token);
        Assert.Equal(TokenStatus.Active, basic.Status);
        Assert.Equal(55, basic.Quota);
        Assert.Equal(25, basic.UseCount);
        Assert.Equal(1739600000000, basic.CreatedAt);
        Assert.Equal(1739700000000, basic.LastUsedAt);
        Assert.Equal(1739650000000, basic.LastSyncAt);
        Assert.Equal(["nsfw", "主"], basic.Tags);
        Assert.Equal("主账号", basic.Note);
        Assert.Null(basic.LastFailReason);

        var cooling = Get(tokens, Accounts[1].Token);
        Assert.Equal(TokenStatus.Cooling, cooling.Status);
        Assert.Equal(0, cooling.Quota);
        Assert.Equal(80, cooling.UseCount);
        Assert.Equal(2, cooling.FailCount);
        Assert.Equal(1739800000000, cooling.LastFailAt);
        Assert.Equal("429 rate limited", cooling.LastFailReason);
        Assert.Null(cooling.LastSyncAt);

        var expired = Get(tokens, Accounts[2].Token);
        Assert.Equal(TokenStatus.Expired, expired.Status);
        Assert.Equal(140, expired.Quota);
        Assert.Equal(5, expired.FailCount);
        Assert.Equal("401 unauthorized", expired.LastFailReason);
        Assert.Equal(1739950000000, expired.LastAssetClearAt);
        Assert.Equal(["super"], expired.Tags);
        Assert.Equal("team", expired.Note);

        var disabled = Get(tokens, Accounts[3].Token);
        Assert.Equal(TokenStatus.Disabled, disabled.Status);
        Assert.Equal(7, disabled.Quota);
        Assert.Equal(133, disabled.UseCount);
        Assert.Equal("paused by admin", disabled.Note);
    }

    /// <summary>The config in force from our store, loaded as the host loads it.</summary>
    protected async Task<GrokConfig> LoadConfigAsync()
    {
        var backend = await OpenAsync("config");
        using var live = await LiveConfig.LoadAsync(backend.Config, NullLogger.Instance, Ct);
        return live.CurrentValue;
    }

    protected static StoredToken Get(IReadOnlyList<PooledToken> tokens, string token) => Assert.Single(tokens, t => t.Token.Token == token).Token;

    private static void AssertNoTokenLogged(FakeLogger logger, params string[] more)
    {
        foreach (var entry in logger.Collector.GetSnapshot())
        {
            foreach (var token in Accounts.Select(a => a.Token).Concat(more))
            {
                Assert.DoesNotContain(token, entry.Message, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("sk-original", entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("admin-from-original", entry.Message, StringComparison.Ordinal);
        }
    }

    // DATA_DIR files of the same user, older than the original's store: another token and another config.
    private async Task WriteDataDirectoryAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "token.json"), """
            {"ssoBasic": [{"token": "eyJhbGciOiJIUzI1NiJ9.from-the-data-dir-0123456789abcdef", "status": "active", "quota": 80}], "ssoSuper": []}
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "config.toml"), """
            [chat]
            concurrent = 3
            """, Ct);
    }
}
