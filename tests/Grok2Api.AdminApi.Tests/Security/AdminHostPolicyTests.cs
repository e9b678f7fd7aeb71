using Grok2Api.AdminApi.Security;
using Grok2Api.Configuration;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Security;

public sealed class AdminHostPolicyTests
{
    private static readonly AppSection App = new() { AppUrl = "https://gw.example.org:8443/base", AllowedHosts = ["Admin.Example.NET.", "192.168.1.5", "[fd00::5]"] };

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost:8000")]
    [InlineData("app.localhost")]
    [InlineData("127.0.0.1:8000")]
    [InlineData("127.8.9.10")]
    [InlineData("[::1]:8000")]
    [InlineData("gw.example.org")]
    [InlineData("admin.example.net:443")]
    [InlineData("admin.example.net.")]
    [InlineData("192.168.1.5:8000")]
    [InlineData("[fd00::5]:8000")]
    public void IsAllowed_KnownHosts(string host) => Assert.True(AdminHostPolicy.IsAllowed(HostString.FromUriComponent(host), App));

    [Theory]
    [InlineData("")]
    [InlineData("rebind.attacker.example")]
    [InlineData("localhost.attacker.example")]
    [InlineData("example.net")]
    [InlineData("sub.admin.example.net")]
    [InlineData("192.168.1.6")]
    [InlineData("0.0.0.0")]
    [InlineData("[fd00::6]")]
    public void IsAllowed_OtherHosts_Refused(string host) => Assert.False(AdminHostPolicy.IsAllowed(HostString.FromUriComponent(host), App));

    [Fact]
    public void IsAllowed_EmptyAppUrl_OnlyLoopbackAndList()
    {
        var app = new AppSection { AppUrl = "" };

        Assert.True(AdminHostPolicy.IsAllowed(new HostString("localhost"), app));
        Assert.False(AdminHostPolicy.IsAllowed(new HostString("gw.example.org"), app));
    }
}
