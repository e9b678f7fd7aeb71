using Grok2Api.Storage.Redis;

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
}
