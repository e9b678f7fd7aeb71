using System.Text.Json.Nodes;
using Grok2Api.Configuration;
using Grok2Api.Storage.Shared;
using Grok2Api.Storage.Sql;
using Grok2Api.Storage.Tokens;
using MySqlConnector;
using Npgsql;

namespace Grok2Api.Storage.Tests.Sql;

public sealed class SqlLogicTests
{
    private static readonly PooledToken Values = new(TokenPools.Super, new StoredToken { Token = "abc", Status = TokenStatus.Expired, Quota = 9, UseCount = 4, Note = "n" });

    [Fact]
    public void BuildUpdate_OnlyDeltas_TouchesOnlyQuotaAndUseCount_FlooredAtZero()
    {
        var (sql, parameters) = SqlTokenStore.BuildUpdate(new TokenUpdate(Values, TokenFields.None, -5, 2));

        Assert.Equal("UPDATE g2a_tokens SET quota = GREATEST(quota + @quota_delta, 0), use_count = GREATEST(use_count + @use_delta, 0) WHERE id = @id", sql);
        Assert.Contains(("id", (object?)TokenIdentity.IdOf("abc")), parameters);
        Assert.Contains(("quota_delta", (object?)-5L), parameters);
    }

    [Fact]
    public void BuildUpdate_NamedQuota_IgnoresTheDelta_AndStatusIsGuarded()
    {
        var (sql, parameters) = SqlTokenStore.BuildUpdate(new TokenUpdate(Values, TokenFields.Quota | TokenFields.Status | TokenFields.Note, -5, 0));

        Assert.Contains("quota = @quota", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("quota_delta", sql, StringComparison.Ordinal);
        Assert.Contains("status = CASE WHEN status = 'disabled' THEN status ELSE @status END", sql, StringComparison.Ordinal);
        Assert.Contains("note = @note", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("pool", sql, StringComparison.Ordinal);
        Assert.Contains(("status", (object?)"expired"), parameters);
        Assert.Contains(("quota", (object?)9L), parameters);
    }

    [Fact]
    public void BuildUpdate_StatusByAdmin_WritesUnconditionally()
    {
        var (sql, _) = SqlTokenStore.BuildUpdate(new TokenUpdate(Values, TokenFields.StatusByAdmin | TokenFields.Status | TokenFields.Pool, 0, 0));

        Assert.Contains("status = @status,", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("CASE", sql, StringComparison.Ordinal);
        Assert.Contains("pool = @pool", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangePoller_ALateCommitBelowTheLastSeen_IsStillDelivered_Once()
    {
        var poller = new ChangePoller();
        var now = DateTimeOffset.UnixEpoch;
        poller.Start(10);

        Assert.True(poller.Accept(11, now));
        Assert.True(poller.Accept(13, now)); // 12 not committed yet
        Assert.Equal(11, poller.From);
        Assert.False(poller.Accept(11, now));
        Assert.False(poller.Accept(13, now));
        Assert.True(poller.Accept(12, now));
        Assert.False(poller.Accept(12, now));
        Assert.Equal(13, poller.From);
    }

    [Fact]
    public void ChangePoller_GapsThatNeverFill_AreForgotten()
    {
        var poller = new ChangePoller();
        var now = DateTimeOffset.UnixEpoch;
        poller.Start(0);
        Assert.True(poller.Accept(5, now));
        Assert.Equal(4, poller.GapCount);

        poller.Expire(now + TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30));

        Assert.Equal(0, poller.GapCount);
        Assert.Equal(5, poller.From);
    }

    [Fact]
    public void ConfigEntries_FlattenBuild_RoundTrip_WithNonObjectSections()
    {
        var tree = JsonNode.Parse("""{"app":{"api_key":"k","list":[1,"ü"],"nested":{"a":null}},"odd":true}""")!.AsObject();

        var entries = ConfigEntries.Flatten(tree);
        var rebuilt = ConfigEntries.Build(entries.Select(e => (e.Key.Section, e.Key.Key, e.Value)));

        Assert.Equal("true", entries[("odd", "")]);
        Assert.True(JsonNode.DeepEquals(tree, rebuilt), rebuilt!.ToJsonString());
        Assert.Null(ConfigEntries.Build([]));
    }

    [Fact]
    public void ConfigEntries_Diff_NamesOnlyChangedAndRemovedKeys()
    {
        var before = ConfigEntries.Flatten(JsonNode.Parse("""{"a":{"x":1,"y":2,"z":3}}""")!.AsObject());
        var after = ConfigEntries.Flatten(JsonNode.Parse("""{"a":{"x":1,"y":5},"b":{"n":"v"}}""")!.AsObject());

        var (upserts, deletes) = ConfigEntries.Diff(before, after);

        Assert.Equal([("a", "y"), ("b", "n")], upserts.Select(u => u.Key).Order());
        Assert.Equal([("a", "z")], deletes);
    }

    [Fact]
    public void ConfigEntries_StoredValueNotJson_IsAConfigFormatException()
    {
        Assert.Throws<ConfigFormatException>(() => ConfigEntries.Build([("app", "k", "{not json")]));
    }

    [Fact]
    public void StoreNotice_ManyIds_BecomeAll_AndThePayloadStaysUnder8000Bytes()
    {
        var ids = Enumerable.Range(0, StoreNotice.MaxIds).Select(i => TokenIdentity.IdOf("t" + i)).ToList();

        var listed = StoreNotice.ForTokens(new string('o', 64), ids);
        var all = StoreNotice.ForTokens("o", [.. ids, "0000000000000000"]);

        Assert.False(listed.All);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(listed.ToJson()) < 8000);
        Assert.Equal(listed with { Ids = null }, StoreNotice.Parse(listed.ToJson())! with { Ids = null });
        Assert.Equal(ids, StoreNotice.Parse(listed.ToJson())!.Ids);
        Assert.True(all.All);
        Assert.Empty(all.Ids!);
        Assert.Null(StoreNotice.Parse("not json"));
        Assert.Null(StoreNotice.Parse("{}"));
    }

    [Theory]
    [InlineData("postgresql://h/d", null)]
    [InlineData("postgresql://h/d?sslmode=disable", SslMode.Disable)]
    [InlineData("postgresql://h/d?sslmode=require", SslMode.Require)]
    [InlineData("postgresql://h/d?sslmode=verify-full", SslMode.VerifyFull)]
    [InlineData("postgresql://h/d?sslmode=verify-ca", SslMode.VerifyCA)]
    [InlineData("postgresql+asyncpg://h/d?ssl=true", SslMode.Require)]
    public void Postgres_SslModeFromTheUrl(string url, SslMode? mode) => Assert.Equal(mode, PostgresDialect.SslModeOf(StorageUrl.Parse(url)));

    [Theory]
    [InlineData("mysql://h/d", null)]
    [InlineData("mysql://h/d?ssl-mode=REQUIRED", MySqlSslMode.Required)]
    [InlineData("mysql://h/d?ssl-mode=DISABLED", MySqlSslMode.None)]
    [InlineData("mysql://h/d?ssl-mode=VERIFY_IDENTITY", MySqlSslMode.VerifyFull)]
    [InlineData("mysql://h/d?ssl-mode=VERIFY_CA", MySqlSslMode.VerifyCA)]
    [InlineData("mysql://h/d?ssl_mode=verify_ca", MySqlSslMode.VerifyCA)]
    [InlineData("mysql://h/d?ssl=true", MySqlSslMode.Required)]
    [InlineData("mysql://h/d?ssl=false", MySqlSslMode.None)]
    public void MySql_SslModeFromTheUrl(string url, MySqlSslMode? mode) => Assert.Equal(mode, MySqlDialect.SslModeOf(StorageUrl.Parse(url)));

    [Fact]
    public void Postgres_SslRootCert_IsTheRootCertificate_SystemKeepsTheSystemStore()
    {
        var builder = PostgresDialect.BuildConnectionString(StorageUrl.Parse("postgresql://u:p@h/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fg2a%2Fca.pem"));
        Assert.Equal((SslMode.VerifyFull, "/etc/g2a/ca.pem"), (builder.SslMode, builder.RootCertificate));

        var system = PostgresDialect.BuildConnectionString(StorageUrl.Parse("postgresql://u:p@h/d?sslmode=verify-ca&sslrootcert=system"));
        Assert.Equal((SslMode.VerifyCA, (string?)null), (system.SslMode, system.RootCertificate));
    }

    [Theory]
    [InlineData("ssl-ca")]
    [InlineData("ssl_ca")]
    [InlineData("sslca")]
    public void MySql_SslCa_IsTheDriversSslCa(string name)
    {
        var builder = MySqlDialect.BuildConnectionString(StorageUrl.Parse($"mysql://u:p@h/d?ssl-mode=VERIFY_IDENTITY&{name}=/etc/g2a/ca.pem"));
        Assert.Equal((MySqlSslMode.VerifyFull, "/etc/g2a/ca.pem"), (builder.SslMode, builder.SslCa));
    }

    [Theory]
    [InlineData("postgresql://u:TopSecret99@h/d?sslmode=verify-full&sslrootcert=", "pgsql:", "sslrootcert")]
    [InlineData("mysql://u:TopSecret99@h/d?ssl-mode=VERIFY_CA&ssl-ca=", "mysql:", "ssl-ca")]
    [InlineData("mariadb://u:TopSecret99@h/d?ssl-mode=VERIFY_CA&ssl_ca=", "mysql:", "ssl-ca")]
    public void AMissingCaFile_IsRefusedWhenTheBackendIsCreated_WithoutThePathOrPassword(string prefix, string kind, string parameter)
    {
        const string path = "/no/such/g2a-dir/ca.pem";
        var url = prefix + Uri.EscapeDataString(path);
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var e = Assert.Throws<ArgumentException>(() => kind == "pgsql:"
            ? (object)new PostgresStorageBackend(url, new Coordination.StoreInstance("i"), TimeProvider.System, logger)
            : new MySqlStorageBackend(url, new Coordination.StoreInstance("i"), TimeProvider.System, logger));

        Assert.StartsWith(kind, e.Message, StringComparison.Ordinal);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(path, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret99", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_HidesThePasswordAndTheCaPath()
    {
        var directory = Directory.CreateTempSubdirectory("g2a-sql-ca-");
        try
        {
            var ca = Path.Combine(directory.FullName, "ca.pem");
            using (var authority = Grok2Api.Tests.Common.Servers.TestCertificateAuthority.Create("explain"))
            {
                authority.WriteCertificate(ca);
            }

            await using var backend = new SqlBackend(new PostgresDialect(), $"postgresql://u:TopSecret99@h/d?sslmode=verify-full&sslrootcert={ca}", new Coordination.StoreInstance("i"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            var text = backend.Explain(new IOException($"Could not read '{ca}' while logging in with TopSecret99"));

            Assert.Equal("Could not read '(the CA file)' while logging in with ***", text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConnectionStrings_TimeoutsDefaultTo5Seconds_AndTheQueryOverrides()
    {
        using var pg = (NpgsqlDataSource)new PostgresDialect().CreateDataSource(StorageUrl.Parse("pgsql://u:p%40w@h:6000/db"));
        var pgBuilder = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
        Assert.Equal((5, 5, true, "h", 6000, "db", "u"), (pgBuilder.Timeout, pgBuilder.CommandTimeout, pgBuilder.Pooling, pgBuilder.Host, pgBuilder.Port, pgBuilder.Database, pgBuilder.Username));

        using var my = (MySqlDataSource)new MySqlDialect().CreateDataSource(StorageUrl.Parse("mysql://u:p%40w@h/db?connect_timeout=2&command_timeout=9"));
        var myBuilder = new MySqlConnectionStringBuilder(my.ConnectionString);
        Assert.Equal((2u, 9u, true, "p@w", 3306u), (myBuilder.ConnectionTimeout, myBuilder.DefaultCommandTimeout, myBuilder.Pooling, myBuilder.Password, myBuilder.Port));
    }

    [Theory]
    [InlineData("redis://u:TopSecret99@h/0")]
    [InlineData("mysql://u:TopSecret99@h/db")]
    [InlineData("postgresql://u:TopSecret99@h:bad/db")]
    public void Postgres_ForeignOrInvalidUrl_IsRefusedWithoutThePassword(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStorageBackend(url, new Coordination.StoreInstance("i"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.StartsWith("pgsql:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TopSecret99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MySql_ForeignUrl_IsRefused_AndDescribeNamesNoPassword()
    {
        Assert.Throws<ArgumentException>(() => new MySqlStorageBackend("pgsql://h/db", new Coordination.StoreInstance("i"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        await using var backend = new MySqlStorageBackend("mariadb+aiomysql://u:TopSecret99@[::1]:3307/grok", new Coordination.StoreInstance("i"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        Assert.Equal("mysql [::1]:3307/grok", backend.Describe);
        Assert.Equal("mysql", backend.Kind);
        Assert.Equal(backend.Describe, backend.Config.Source);
        Assert.NotNull(backend.TokenChanges);
    }
}
