using Grok2Api.AdminApi.Security;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Security;

/// <summary>The same-origin proof a cookie write must carry: Origin equal to the request's own origin, or Sec-Fetch-Site: same-origin.</summary>
public sealed class SameOriginTests
{
    [Theory]
    [InlineData("http", "admin.example", "http://admin.example", true)]
    [InlineData("http", "admin.example", "HTTP://Admin.Example", true)]
    [InlineData("http", "admin.example:80", "http://admin.example", true)]
    [InlineData("https", "admin.example", "https://admin.example:443", true)]
    [InlineData("http", "127.0.0.1:8000", "http://127.0.0.1:8000", true)]
    [InlineData("http", "[::1]:8000", "http://[::1]:8000", true)]
    [InlineData("http", "127.0.0.1:8000", "http://127.0.0.1:8001", false)]
    [InlineData("http", "127.0.0.1:8000", "http://localhost:8000", false)]
    [InlineData("http", "admin.example", "https://admin.example", false)]
    [InlineData("https", "admin.example", "http://admin.example", false)]
    [InlineData("http", "admin.example", "http://admin.example.evil.example", false)]
    [InlineData("http", "admin.example", "http://evil.example", false)]
    [InlineData("http", "admin.example", "null", false)]
    [InlineData("http", "admin.example", "", false)]
    [InlineData("http", "admin.example", "admin.example", false)]
    [InlineData("http", "admin.example", "http://admin.example/path", false)]
    [InlineData("http", "admin.example", "http://user@admin.example", false)]
    [InlineData("http", "admin.example", "file:///etc/passwd", false)]
    public void IsProven_ByOrigin(string scheme, string host, string origin, bool proven)
    {
        var request = Request(scheme, host);
        request.Headers.Origin = origin;

        Assert.Equal(proven, SameOrigin.IsProven(request));
    }

    [Theory]
    [InlineData("same-origin", true)]
    [InlineData("Same-Origin", true)]
    [InlineData("same-site", false)]
    [InlineData("cross-site", false)]
    [InlineData("none", false)]
    public void IsProven_BySecFetchSite(string site, bool proven)
    {
        var request = Request("http", "127.0.0.1:8000");
        request.Headers["Sec-Fetch-Site"] = site;

        Assert.Equal(proven, SameOrigin.IsProven(request));
    }

    [Fact]
    public void IsProven_NeitherHeader_IsFalse() => Assert.False(SameOrigin.IsProven(Request("http", "127.0.0.1:8000")));

    [Fact]
    public void IsProven_TwoOrigins_IsFalse()
    {
        var request = Request("http", "127.0.0.1:8000");
        request.Headers.Origin = new Microsoft.Extensions.Primitives.StringValues(["http://127.0.0.1:8000", "http://evil.example"]);

        Assert.False(SameOrigin.IsProven(request));
    }

    [Fact]
    public void IsProven_NoHost_IsFalse()
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Headers.Origin = "http://127.0.0.1:8000";

        Assert.False(SameOrigin.IsProven(request));
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("TRACE", false)]
    [InlineData("POST", true)]
    [InlineData("PATCH", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("PROPFIND", true)]
    public void IsUnsafe_ByMethod(string method, bool unsafeMethod) => Assert.Equal(unsafeMethod, SameOrigin.IsUnsafe(method));

    private static HttpRequest Request(string scheme, string host)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = scheme;
        request.Host = HostString.FromUriComponent(host);
        return request;
    }
}
