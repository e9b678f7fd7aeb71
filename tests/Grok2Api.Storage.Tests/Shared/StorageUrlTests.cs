using Grok2Api.Storage.Shared;

namespace Grok2Api.Storage.Tests.Shared;

public sealed class StorageUrlTests
{
    [Theory]
    [InlineData("redis://localhost", "redis", StorageKind.Redis, 6379)]
    [InlineData("rediss://cache.example", "rediss", StorageKind.Redis, 6379)]
    [InlineData("postgresql://db", "postgresql", StorageKind.PostgreSql, 5432)]
    [InlineData("postgres://db", "postgresql", StorageKind.PostgreSql, 5432)]
    [InlineData("pgsql://db", "postgresql", StorageKind.PostgreSql, 5432)]
    [InlineData("postgresql+asyncpg://db", "postgresql", StorageKind.PostgreSql, 5432)]
    [InlineData("POSTGRESQL+ASYNCPG://db", "postgresql", StorageKind.PostgreSql, 5432)]
    [InlineData("mysql://db", "mysql", StorageKind.MySql, 3306)]
    [InlineData("mariadb://db", "mysql", StorageKind.MySql, 3306)]
    [InlineData("mysql+aiomysql://db", "mysql", StorageKind.MySql, 3306)]
    [InlineData("mariadb+aiomysql://db", "mysql", StorageKind.MySql, 3306)]
    public void Parse_EveryAcceptedScheme_IsNormalisedWithItsDefaultPort(string url, string scheme, StorageKind kind, int port)
    {
        var parsed = StorageUrl.Parse(url);

        Assert.Equal(scheme, parsed.Scheme);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(port, parsed.Port);
    }

    [Fact]
    public void Parse_FullUrl_DecodesUserPasswordDatabaseAndQuery()
    {
        var parsed = StorageUrl.Parse("postgresql+asyncpg://gr%C3%B6k:p%40ss%3Aw%2Fo%23rd@db.example:6543/my%20db?sslmode=require&application_name=a%26b");

        Assert.Equal("grök", parsed.User);
        Assert.Equal("p@ss:w/o#rd", parsed.Password);
        Assert.Equal("db.example", parsed.Host);
        Assert.Equal(6543, parsed.Port);
        Assert.Equal("my db", parsed.Database);
        Assert.Equal("require", parsed.QueryValue("SSLMODE"));
        Assert.Equal("a&b", parsed.Query["application_name"]);
        Assert.True(parsed.Tls);
    }

    [Fact]
    public void Parse_RawAtSignInPassword_UserInfoEndsAtTheLastAt()
    {
        var parsed = StorageUrl.Parse("mysql://root:a@b@127.0.0.1/grok");

        Assert.Equal("root", parsed.User);
        Assert.Equal("a@b", parsed.Password);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal("grok", parsed.Database);
    }

    [Fact]
    public void Parse_RedisPasswordOnlyAndDatabaseNumber()
    {
        var parsed = StorageUrl.Parse("rediss://:s3cret@[::1]:6380/2");

        Assert.Null(parsed.User);
        Assert.Equal("s3cret", parsed.Password);
        Assert.Equal("::1", parsed.Host);
        Assert.Equal(6380, parsed.Port);
        Assert.Equal("2", parsed.Database);
        Assert.True(parsed.Tls);
    }

    [Fact]
    public void Parse_NoUserNoPathNoHost_Defaults()
    {
        var parsed = StorageUrl.Parse("redis://");

        Assert.Null(parsed.User);
        Assert.Null(parsed.Password);
        Assert.Equal("localhost", parsed.Host);
        Assert.Equal(6379, parsed.Port);
        Assert.Equal("", parsed.Database);
        Assert.Empty(parsed.Query);
        Assert.False(parsed.Tls);
    }

    [Theory]
    [InlineData("postgresql://h/db?sslmode=require", true)]
    [InlineData("postgresql://h/db?sslmode=verify-full", true)]
    [InlineData("postgresql://h/db?sslmode=disable", false)]
    [InlineData("postgresql://h/db?sslmode=prefer", false)]
    [InlineData("mysql://h/db?ssl=true", true)]
    [InlineData("mysql://h/db?ssl=false", false)]
    [InlineData("mysql://h/db?ssl-mode=REQUIRED", true)]
    [InlineData("mysql://h/db?ssl-mode=DISABLED", false)]
    [InlineData("postgresql://h/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem", true)]
    [InlineData("mysql://h/db?ssl-mode=VERIFY_CA&ssl-ca=/etc/ca.pem", true)]
    [InlineData("mysql://h/db?ssl_mode=VERIFY_IDENTITY", true)]
    [InlineData("rediss://h/0?ssl_cert_reqs=none", true)]
    [InlineData("redis://h/0?ssl_ca_certs=/etc/ca.pem", false)]
    [InlineData("mysql://h/db", false)]
    public void Tls_FollowsTheQuery(string url, bool tls) => Assert.Equal(tls, StorageUrl.Parse(url).Tls);

    [Fact]
    public void ACaPath_InTheQuery_IsKeptDecoded_AndLeftOutOfTheRedactedForm()
    {
        var plain = StorageUrl.Parse("postgresql://u:pw@h/db?sslmode=verify-full&sslrootcert=/etc/g2a/ca.pem");
        var encoded = StorageUrl.Parse("rediss://:pw@h?ssl_ca_certs=%2Fetc%2Fg2a%2Fmy%20ca.pem");

        Assert.Equal("/etc/g2a/ca.pem", plain.QueryValue("sslrootcert"));
        Assert.Equal("db", plain.Database);
        Assert.Equal("/etc/g2a/my ca.pem", encoded.QueryValue("ssl_ca_certs"));
        Assert.Equal("", encoded.Database);
        Assert.DoesNotContain("ca.pem", plain.Redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("ca.pem", encoded.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedactedAndToString_NeverHoldThePassword()
    {
        var parsed = StorageUrl.Parse("mysql://grok:Sup3rS3cret%21@db.internal/grok2api?password=Sup3rS3cret%21");

        Assert.Equal("mysql://grok:***@db.internal:3306/grok2api", parsed.Redacted);
        Assert.Equal(parsed.Redacted, parsed.ToString());
        Assert.DoesNotContain("Sup3r", parsed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_IPv6HostIsBracketed()
    {
        Assert.Equal("postgresql://[::1]:5432/g", StorageUrl.Parse("pgsql://[::1]/g").Redacted);
    }

    [Theory]
    [InlineData("sqlite:///tmp/x")]
    [InlineData("localhost:5432")]
    [InlineData("postgresql://u:secretpw@h:notaport/db")]
    [InlineData("postgresql://u:secretpw@h:70000/db")]
    [InlineData("redis://u:secretpw@h/notanumber")]
    [InlineData("postgresql://u:secretpw@[::1/db")]
    public void Parse_Invalid_ThrowsFormatExceptionWithoutThePassword(string url)
    {
        var error = Assert.Throws<FormatException>(() => StorageUrl.Parse(url));

        Assert.DoesNotContain("secretpw", error.Message, StringComparison.Ordinal);
        Assert.False(StorageUrl.TryParse(url, out _, out var message));
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void QuerySeconds_ReadsPositiveNumbersElseTheDefault()
    {
        var parsed = StorageUrl.Parse("postgresql://h/db?connect_timeout=2.5&command_timeout=x&other=-1");

        Assert.Equal(3, parsed.QuerySeconds("connect_timeout", 5));
        Assert.Equal(5, parsed.QuerySeconds("command_timeout", 5));
        Assert.Equal(5, parsed.QuerySeconds("other", 5));
        Assert.Equal(5, parsed.QuerySeconds("missing", 5));
    }
}
