using System.Net.Security;
using Grok2Api.Storage.Redis;
using Grok2Api.Tests.Common.Servers;

namespace Grok2Api.Storage.Tests.Redis;

public sealed class RedisConnectionSettingsTests
{
    [Fact]
    public void Parse_HostOnly_DefaultsPortDatabaseAndTimeouts()
    {
        var settings = RedisConnectionSettings.Parse("redis://cache.internal");

        Assert.Equal("cache.internal", settings.Host);
        Assert.Equal(6379, settings.Port);
        Assert.Equal(0, settings.Database);
        Assert.False(settings.Tls);
        Assert.False(settings.HasPassword);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.CommandTimeout);
        Assert.Equal("redis cache.internal:6379 db 0", settings.Describe);
    }

    [Fact]
    public void Parse_UserPasswordPortDatabase_DecodesAndMapsToOptions()
    {
        var settings = RedisConnectionSettings.Parse("rediss://app%40x:p%3Ass%2Fw@10.0.0.5:6380/3");
        var options = settings.ToOptions();

        Assert.True(settings.Tls);
        Assert.True(options.Ssl);
        Assert.Equal("app@x", options.User);
        Assert.Equal("p:ss/w", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(5000, options.ConnectTimeout);
        Assert.Equal(5000, options.AsyncTimeout);
        Assert.Equal(5000, options.SyncTimeout);
        Assert.Equal("10.0.0.5:6380", Assert.Single(options.EndPoints).ToString());
        Assert.Equal("redis 10.0.0.5:6380 db 3", settings.Describe);
        Assert.DoesNotContain("p:ss", settings.Describe, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordWithoutUser_IsThePassword()
    {
        var options = RedisConnectionSettings.Parse("redis://:secret@localhost").ToOptions();
        Assert.Null(options.User);
        Assert.Equal("secret", options.Password);

        Assert.Equal("lone", RedisConnectionSettings.Parse("redis://lone@localhost").ToOptions().Password);
    }

    [Fact]
    public void Parse_IPv6AndQueryTimeouts()
    {
        var settings = RedisConnectionSettings.Parse("redis://[::1]:7000?socket_timeout=2.5&socket_connect_timeout=1");

        Assert.Equal("::1", settings.Host);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ConnectTimeout);
        Assert.Equal("redis [::1]:7000 db 0", settings.Describe);
    }

    [Theory]
    [InlineData("postgresql://u:hunter2@host/db")]
    [InlineData("redis://u:hunter2@host/notanumber")]
    [InlineData("not a url hunter2")]
    public void Parse_Invalid_ThrowsWithoutRepeatingTheSecret(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisConnectionSettings.Parse(url));
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_VerifiesWithTheSystemStoreByDefault_NoCallbackIsInstalled()
    {
        var settings = RedisConnectionSettings.Parse("rediss://:pw@cache.example:6380/0");
        var options = settings.ToOptions();

        Assert.True(options.Ssl);
        Assert.Equal("cache.example", options.SslHost);
        Assert.Equal(new RedisConnectionSettings.TlsCheck(true, true, null), settings.Check);
        using var files = new ServerFiles();
        Assert.False(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.True(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Tls_SslCertReqsNone_AcceptsAnyCertificate()
    {
        var settings = RedisConnectionSettings.Parse("rediss://:pw@h?ssl_cert_reqs=none&ssl_ca_certs=/does/not/matter.pem");

        Assert.False(settings.Check.Verify);
        Assert.Null(settings.Check.TrustedCas);
        using var files = new ServerFiles();
        Assert.True(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Theory]
    [InlineData("required", true)]
    [InlineData("CERT_REQUIRED", true)]
    [InlineData("optional", true)]
    [InlineData("none", false)]
    [InlineData("CERT_NONE", false)]
    public void Tls_SslCertReqs_NamesOfTheOriginalsDriver(string value, bool verify) =>
        Assert.Equal(verify, RedisConnectionSettings.Parse($"rediss://h?ssl_cert_reqs={value}").Check.Verify);

    [Fact]
    public void Tls_BadSslCertReqsOrCheckHostname_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => RedisConnectionSettings.Parse("rediss://h?ssl_cert_reqs=maybe"));
        Assert.Throws<ArgumentException>(() => RedisConnectionSettings.Parse("rediss://h?ssl_check_hostname=perhaps"));
        Assert.False(RedisConnectionSettings.Parse("rediss://h?ssl_check_hostname=false").Check.CheckHostName);
    }

    [Fact]
    public void Tls_SslCaCerts_ABundleIsReadWhenParsed_ItsCasAreTrusted_TheNameStillChecked()
    {
        using var files = new ServerFiles();
        var bundle = Path.Combine(files.Directory, "ca bundle.pem");
        using (var other = TestCertificateAuthority.Create("other"))
        {
            File.WriteAllText(bundle, other.CertificatePem + File.ReadAllText(files.Tls.CaFile));
        }

        var settings = RedisConnectionSettings.Parse($"rediss://:pw@h/0?ssl_ca_certs={Uri.EscapeDataString(bundle)}");

        Assert.True(settings.Check.Verify);
        Assert.Equal(2, settings.Check.TrustedCas?.Count);
        Assert.True(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.None));
        Assert.False(settings.AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(settings.AcceptsServerCertificate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.True(RedisConnectionSettings.Parse($"rediss://h/0?ssl_check_hostname=false&ssl_ca_certs={Uri.EscapeDataString(bundle)}")
            .AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));

        // A CA file without the server's CA: refused.
        var otherOnly = Path.Combine(files.Directory, "other.pem");
        using (var other = TestCertificateAuthority.Create("other"))
        {
            other.WriteCertificate(otherOnly);
        }

        Assert.False(RedisConnectionSettings.Parse($"rediss://h/0?ssl_ca_certs={Uri.EscapeDataString(otherOnly)}")
            .AcceptsServerCertificate(files.Leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));

        // Without TLS the CA file is not read.
        Assert.Null(RedisConnectionSettings.Parse("redis://h?ssl_ca_certs=/missing.pem").Check.TrustedCas);
    }

    [Theory]
    [InlineData("/no/such/dir/ca.pem", "no such file")]
    [InlineData("/proc/self/status", "holds no PEM certificate")]
    public void Tls_UnreadableSslCaCerts_IsRefusedWithoutThePathOrPassword(string path, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => RedisConnectionSettings.Parse($"rediss://:hunter2@h/0?ssl_ca_certs={Uri.EscapeDataString(path)}"));

        Assert.StartsWith("redis:", e.Message, StringComparison.Ordinal);
        Assert.Contains("ssl_ca_certs", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A test CA's files in a temp directory and the server certificate it issued.</summary>
    private sealed class ServerFiles : IDisposable
    {
        public ServerFiles()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("g2a-tls-").FullName;
            using var authority = TestCertificateAuthority.Create("unit test CA");
            Tls = authority.WriteServerFiles(Directory);
            var loaded = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            loaded.ImportFromPemFile(Tls.CertificateFile);
            Leaf = Assert.Single(loaded);
        }

        public string Directory { get; }

        public ServerTlsFiles Tls { get; }

        public System.Security.Cryptography.X509Certificates.X509Certificate2 Leaf { get; }

        public void Dispose()
        {
            Leaf.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
