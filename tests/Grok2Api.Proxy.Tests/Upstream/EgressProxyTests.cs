using Grok2Api.Proxy.Upstream;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class EgressProxyTests
{
    [Theory]
    [InlineData("http://10.0.0.1:3128", "http://10.0.0.1:3128/")]
    [InlineData("https://proxy.example:8443", "https://proxy.example:8443/")]
    [InlineData("http://proxy.example", "http://proxy.example/")]
    [InlineData("socks5://127.0.0.1:1080", "socks5://127.0.0.1:1080/")]
    [InlineData("socks5h://proxy.example:9050", "socks5://proxy.example:9050/")]
    [InlineData("SOCKS5H://proxy.example", "socks5://proxy.example:1080/")]
    [InlineData("socks4://proxy.example:1081", "socks4://proxy.example:1081/")]
    [InlineData("socks4a://proxy.example:1081", "socks4a://proxy.example:1081/")]
    public void TryParse_SupportedSchemes_AddressForDotNet(string url, string expected)
    {
        Assert.True(EgressProxy.TryParse(url, out var proxy, out var error));

        Assert.Null(error);
        Assert.Equal(expected, proxy!.Address.AbsoluteUri);
        Assert.Null(proxy.Credentials);
    }

    [Fact]
    public void TryParse_UserInfo_CredentialsUnescapedAndRemovedFromAddress()
    {
        Assert.True(EgressProxy.TryParse("socks5h://al%40ice:p%3Ass@proxy.example:1080", out var proxy, out _));

        Assert.Equal("al@ice", proxy!.Credentials!.UserName);
        Assert.Equal("p:ss", proxy.Credentials.Password);
        Assert.DoesNotContain("ice", proxy.Address.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain("p:ss", proxy.Redacted, StringComparison.Ordinal);
        Assert.Equal("socks5://proxy.example:1080 (with credentials)", proxy.Redacted);
    }

    [Fact]
    public void TryParse_DifferentPasswords_DifferentKeys()
    {
        EgressProxy.TryParse("http://u:one@proxy.example:1", out var first, out _);
        EgressProxy.TryParse("http://u:two@proxy.example:1", out var second, out _);

        Assert.NotEqual(first!.Key, second!.Key);
    }

    [Theory]
    [InlineData("ftp://proxy.example:21")]
    [InlineData("proxy.example:8080")]
    [InlineData("not a url")]
    public void TryParse_Unsupported_ErrorWithoutUrl(string url)
    {
        Assert.False(EgressProxy.TryParse(url, out var proxy, out var error));

        Assert.Null(proxy);
        Assert.DoesNotContain("proxy.example", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWebProxy_LoopbackDestination_NotBypassed()
    {
        EgressProxy.TryParse("http://127.0.0.1:3128", out var proxy, out _);
        var webProxy = proxy!.ToWebProxy();

        Assert.False(webProxy.IsBypassed(new Uri("http://127.0.0.1:5000/")));
        Assert.Equal(proxy.Address, webProxy.GetProxy(new Uri("http://localhost/")));
    }
}
