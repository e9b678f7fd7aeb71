using System.Diagnostics;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Redis;
using Grok2Api.Storage.Sql;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// TLS against real servers that accept TLS only (test servers in TLS mode, certificates of a test CA
/// the machine does not trust): a URL asking for a verified TLS connection and trusting the test CA
/// works end to end; the same URL without TLS is refused by the server, so the success went over
/// TLS; a URL trusting another CA fails quickly with a message naming neither the password nor the
/// CA file. One derived class per backend.
/// </summary>
public abstract class TlsConnectionTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly List<IStorageBackend> _opened = [];
    private readonly string _otherCaDirectory = Path.Combine(Path.GetTempPath(), "grok2api-other-ca-" + Guid.NewGuid().ToString("N"));

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The password of the URLs (must appear in no message).</summary>
    protected abstract string PasswordOfUrls { get; }

    /// <summary>A URL asking for TLS with the server certificate verified against the test CA.</summary>
    protected abstract string VerifiedUrl { get; }

    /// <summary>The same store without TLS.</summary>
    protected abstract string PlainUrl { get; }

    /// <summary>The same store asking for verified TLS and naming no CA file (the system's CAs, which do not know the test CA).</summary>
    protected abstract string VerifiedUrlWithoutCa { get; }

    /// <summary>The same store asking for verified TLS against the CA of <paramref name="caFile"/>.</summary>
    protected abstract string UrlTrusting(string caFile);

    /// <summary>A backend over <paramref name="url"/> (not opened).</summary>
    protected abstract IStorageBackend CreateBackend(string url, StoreInstance instance);

    [Fact]
    public async Task Verified_tls_with_the_test_ca_migrates_and_round_trips_tokens_config_and_leases()
    {
        var a = await OpenAsync(VerifiedUrl, "a");
        var b = await OpenAsync(VerifiedUrl, "b");

        var token = new PooledToken("ssoBasic", new StoredToken
        {
            Token = "tls-" + Guid.NewGuid().ToString("N"),
            Quota = 7,
            Status = TokenStatus.Active,
            CreatedAt = 1_700_000_000_000,
            Tags = ["tls"],
            Note = "over TLS",
        });
        var changes = new TokenChangeSet();
        changes.Upserts.Add(token);
        await a.Tokens.SaveAsync(changes, Ct);
        var loaded = Assert.Single(await b.Tokens.LoadAsync(Ct), t => t.Token.Token == token.Token.Token);
        Assert.Equal(7, loaded.Token.Quota);
        Assert.Equal("over TLS", loaded.Token.Note);

        var timeout = Random.Shared.Next(10, 1000);
        await a.Config.SaveAsync(new JsonObject { ["grok"] = new JsonObject { ["timeout"] = timeout } }, Ct);
        var config = await b.Config.LoadAsync(Ct);
        Assert.Equal(timeout, config?["grok"]?["timeout"]?.GetValue<int>());

        var lease = "tls-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await a.Leases.TryAcquireAsync(lease, TimeSpan.FromSeconds(30), Ct));
        Assert.False(await b.Leases.TryAcquireAsync(lease, TimeSpan.FromSeconds(30), Ct));
        await a.Leases.ReleaseAsync(lease, Ct);
        Assert.True(await b.Leases.TryAcquireAsync(lease, TimeSpan.FromSeconds(30), Ct));
        Assert.True(a.Health.Reachable);
        Assert.DoesNotContain(PasswordOfUrls, a.Describe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_the_same_url_without_tls()
    {
        var e = await FailsToOpenAsync(PlainUrl);
        Assert.NotEmpty(e.Message);
    }

    [Fact]
    public async Task Verified_tls_without_the_ca_file_is_refused_as_untrusted()
    {
        var e = await FailsToOpenAsync(VerifiedUrlWithoutCa);
        Assert.Contains("TLS handshake failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_url_trusting_another_ca_fails_with_a_clear_message_naming_no_password_or_path()
    {
        Directory.CreateDirectory(_otherCaDirectory);
        var otherCa = Path.Combine(_otherCaDirectory, "other-ca.pem");
        using (var other = TestCertificateAuthority.Create("Some other CA"))
        {
            other.WriteCertificate(otherCa);
        }

        var e = await FailsToOpenAsync(UrlTrusting(otherCa));
        Assert.Contains("TLS handshake failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(otherCa, e.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var backend in _opened)
        {
            try
            {
                backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        if (Directory.Exists(_otherCaDirectory))
        {
            Directory.Delete(_otherCaDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new backend over <paramref name="url"/>, opened.</summary>
    protected async Task<IStorageBackend> OpenAsync(string url, string instance)
    {
        var backend = CreateBackend(url, new StoreInstance(instance + "-" + Guid.NewGuid().ToString("N")[..6]));
        _opened.Add(backend);
        await backend.OpenAsync(Ct);
        return backend;
    }

    /// <summary>Opening <paramref name="url"/> fails in bounded time with a message that names no password.</summary>
    protected async Task<StoreUnavailableException> FailsToOpenAsync(string url)
    {
        var backend = CreateBackend(url, new StoreInstance("refused"));
        _opened.Add(backend);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => backend.OpenAsync(Ct));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        TestContext.Current.TestOutputHelper?.WriteLine($"refused: {string.Join(" | ", Messages(e))}");
        foreach (var message in Messages(e))
        {
            Assert.DoesNotContain(PasswordOfUrls, message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(PasswordOfUrls, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(PasswordOfUrls, backend.Health.View().Error ?? "", StringComparison.Ordinal);
        return e;
    }

    private static IEnumerable<string> Messages(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x.Message;
        }
    }
}

/// <summary>Redis with <c>rediss://</c> and <c>ssl_ca_certs</c> against a TLS-only redis-server.</summary>
public sealed class RedisTlsConnectionTests(RedisTlsConnectionTests.Fixture fixture) : TlsConnectionTests, IClassFixture<RedisTlsConnectionTests.Fixture>
{
    private const string Password = RedisServer.Password;

    protected override string PasswordOfUrls => Password;

    protected override string VerifiedUrl => fixture.Server.Url;

    protected override string PlainUrl => $"redis://:{Password}@127.0.0.1:{fixture.Server.Port}/0?socket_connect_timeout=3";

    protected override string VerifiedUrlWithoutCa => $"rediss://:{Password}@127.0.0.1:{fixture.Server.Port}/0?socket_connect_timeout=3";

    protected override string UrlTrusting(string caFile) =>
        $"rediss://:{Password}@127.0.0.1:{fixture.Server.Port}/0?socket_connect_timeout=3&ssl_ca_certs={Uri.EscapeDataString(caFile)}";

    protected override IStorageBackend CreateBackend(string url, StoreInstance instance) =>
        new RedisStorageBackend(url, instance, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task Ssl_cert_reqs_none_connects_without_the_ca()
    {
        var backend = await OpenAsync($"rediss://:{Password}@127.0.0.1:{fixture.Server.Port}/0?ssl_cert_reqs=none", "none");
        Assert.True(await backend.Leases.TryAcquireAsync("tls-none-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromSeconds(30), Ct));
    }

    /// <summary>One TLS-only Redis for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public RedisServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await RedisServer.StartAsync(CancellationToken.None, tls: true);

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}

/// <summary>PostgreSQL with <c>sslmode=verify-full</c> and <c>sslrootcert</c> against a hostssl-only server.</summary>
public sealed class PostgresTlsConnectionTests(PostgresTlsConnectionTests.Fixture fixture) : TlsConnectionTests, IClassFixture<PostgresTlsConnectionTests.Fixture>
{
    private const string Password = PostgresServer.Password;

    protected override string PasswordOfUrls => Password;

    protected override string VerifiedUrl => fixture.Server.Url;

    protected override string PlainUrl => $"postgresql://{PostgresServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{PostgresServer.Database}?sslmode=disable";

    protected override string VerifiedUrlWithoutCa => $"postgresql://{PostgresServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{PostgresServer.Database}?sslmode=verify-full";

    protected override string UrlTrusting(string caFile) =>
        $"postgresql://{PostgresServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{PostgresServer.Database}?sslmode=verify-ca&sslrootcert={Uri.EscapeDataString(caFile)}";

    protected override IStorageBackend CreateBackend(string url, StoreInstance instance) =>
        new PostgresStorageBackend(url, instance, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_server_sees_the_backends_sessions_encrypted()
    {
        var backend = await OpenAsync(VerifiedUrl, "seen");
        await backend.Config.LoadAsync(Ct);

        var sessions = await fixture.Server.SqlAsync(
            $"SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = '{PostgresServer.User}' AND a.pid <> pg_backend_pid()", Ct);
        var flags = sessions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(flags);
        Assert.All(flags, flag => Assert.Equal("t", flag));

        // The fixture's own client over TCP goes through TLS too.
        Assert.Equal("t", (await fixture.Server.SqlAsUserAsync("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Ct)).Trim());
    }

    /// <summary>One TLS-only PostgreSQL for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public PostgresServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync(CancellationToken.None, tls: true);

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}

/// <summary>MariaDB with <c>ssl-mode=VERIFY_IDENTITY</c> and <c>ssl-ca</c> against a server requiring secure transport.</summary>
public sealed class MariaDbTlsConnectionTests(MariaDbTlsConnectionTests.Fixture fixture) : TlsConnectionTests, IClassFixture<MariaDbTlsConnectionTests.Fixture>
{
    private const string Password = MariaDbServer.Password;

    protected override string PasswordOfUrls => Password;

    protected override string VerifiedUrl => fixture.Server.Url;

    // MariaDB 10.11 answers a plain login under require_secure_transport with "Access denied" (1045);
    // the same user and password work over TLS (the verified test), so the refusal is the transport's.
    protected override string PlainUrl => $"mysql://{MariaDbServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{MariaDbServer.Database}?ssl-mode=DISABLED";

    protected override string VerifiedUrlWithoutCa => $"mysql://{MariaDbServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{MariaDbServer.Database}?ssl-mode=VERIFY_IDENTITY";

    protected override string UrlTrusting(string caFile) =>
        $"mysql://{MariaDbServer.User}:{Password}@127.0.0.1:{fixture.Server.Port}/{MariaDbServer.Database}?ssl-mode=VERIFY_CA&ssl_ca={Uri.EscapeDataString(caFile)}";

    protected override IStorageBackend CreateBackend(string url, StoreInstance instance) =>
        new MySqlStorageBackend(url, instance, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task The_server_requires_secure_transport_and_the_fixtures_client_uses_tls()
    {
        Assert.Equal("require_secure_transport\tON", (await fixture.Server.SqlAsync("SHOW GLOBAL VARIABLES LIKE 'require_secure_transport'", Ct)).Trim());
        var cipher = (await fixture.Server.SqlAsUserAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'", Ct)).Trim();
        Assert.StartsWith("Ssl_cipher\t", cipher, StringComparison.Ordinal);
        Assert.NotEqual("Ssl_cipher", cipher.TrimEnd('\t'));
    }

    /// <summary>One TLS-only MariaDB for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public MariaDbServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await MariaDbServer.StartAsync(CancellationToken.None, tls: true);

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
