using System.Net;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class NetworkEntriesTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData(" 10.1.2.3/8 ", "10.0.0.0/8")]
    [InlineData("::1", "::1/128")]
    [InlineData("[::1]", "::1/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("::ffff:192.168.1.1", "192.168.1.1/32")]
    public void TryParseNetwork_AddressOrRange_IsANetwork(string entry, string expected)
    {
        Assert.True(NetworkEntries.TryParseNetwork(entry, out var network));
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/")]
    public void TryParseNetwork_Other_IsRefused(string entry) => Assert.False(NetworkEntries.TryParseNetwork(entry, out _));

    [Theory]
    [InlineData("Admin.Example.COM.", "admin.example.com")]
    [InlineData("[::1]", "::1")]
    [InlineData("192.168.1.5", "192.168.1.5")]
    [InlineData("gateway", "gateway")]
    public void NormalizeHost_NameOrAddress_IsLowerCaseBare(string entry, string expected) =>
        Assert.Equal(expected, NetworkEntries.NormalizeHost(entry));

    [Theory]
    [InlineData("")]
    [InlineData("https://admin.example.com")]
    [InlineData("admin.example.com:8000")]
    [InlineData("admin.example.com/path")]
    [InlineData("*")]
    public void NormalizeHost_Other_IsNull(string entry) => Assert.Null(NetworkEntries.NormalizeHost(entry));

    [Fact]
    public void Normalize_MappedAddress_IsIPv4() =>
        Assert.Equal(IPAddress.Loopback, NetworkEntries.Normalize(IPAddress.Loopback.MapToIPv6()));

    [Fact]
    public void AppKeyOverrides_ReplaceKeys_AndNeverShowThem()
    {
        var overrides = new AppKeyOverrides("env-admin-key", " ");
        var app = overrides.Apply(new AppSection { ApiKey = "file-api-key" });

        Assert.Equal("env-admin-key", app.AppKey);
        Assert.Equal("file-api-key", app.ApiKey);
        Assert.DoesNotContain("env-admin-key", overrides.ToString(), StringComparison.Ordinal);
        var none = new AppSection();
        Assert.Same(none, AppKeyOverrides.None.Apply(none));
    }
}
