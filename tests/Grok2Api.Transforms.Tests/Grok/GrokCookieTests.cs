using Grok2Api.Transforms.Grok;

namespace Grok2Api.Transforms.Tests.Grok;

public sealed class GrokCookieTests
{
    [Fact]
    public void Build_NoClearance_ExactTwoCookies()
    {
        Assert.Equal("sso=tok.en; sso-rw=tok.en", GrokCookie.Build("tok.en", ""));
    }

    [Fact]
    public void Build_NullClearance_ExactTwoCookies()
    {
        Assert.Equal("sso=tok.en; sso-rw=tok.en", GrokCookie.Build("tok.en", null));
    }

    [Fact]
    public void Build_WithClearance_AppendedWithoutSpace()
    {
        Assert.Equal("sso=tok.en; sso-rw=tok.en;cf_clearance=abc", GrokCookie.Build("tok.en", "abc"));
    }

    [Fact]
    public void Build_ClearancePastedWithName_NameNotDuplicated()
    {
        Assert.Equal("sso=t; sso-rw=t;cf_clearance=abc", GrokCookie.Build("t", " cf_clearance=abc "));
    }

    [Theory]
    [InlineData("sso=abc", "abc")]
    [InlineData("SSO=abc", "abc")]
    [InlineData("  sso= abc ", "abc")]
    [InlineData("abc", "abc")]
    public void NormalizeToken_SsoPrefix_Stripped(string raw, string expected)
    {
        Assert.Equal(expected, GrokCookie.NormalizeToken(raw));
    }

    [Theory]
    [InlineData("eyJ.a-b_c.d", true)]
    [InlineData("", false)]
    [InlineData("a;b", false)]
    [InlineData("a,b", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\u00e9", false)]
    public void IsValidToken_Characters_Classified(string token, bool expected)
    {
        Assert.Equal(expected, GrokCookie.IsValidToken(token));
    }

    [Fact]
    public void For_TheSameTokenAndClearance_ReturnsTheValueBuiltTheFirstTime()
    {
        var token = new string('t', 300) + ".jwt";

        var first = GrokCookie.For(token, "abc");
        var second = GrokCookie.For(token, "abc");

        Assert.Equal(GrokCookie.Build(token, "abc"), first);
        Assert.Same(first, second);
    }

    [Fact]
    public void For_AChangedClearance_BuildsTheValueAgain()
    {
        var token = "tok." + Guid.NewGuid().ToString("N");

        var before = GrokCookie.For(token, "old");
        var after = GrokCookie.For(token, "new");
        var none = GrokCookie.For(token, null);

        Assert.Equal($"sso={token}; sso-rw={token};cf_clearance=old", before);
        Assert.Equal($"sso={token}; sso-rw={token};cf_clearance=new", after);
        Assert.Equal($"sso={token}; sso-rw={token}", none);
    }

    [Fact]
    public void For_ATokenACookieCannotCarry_ThrowsEveryTime()
    {
        Assert.Throws<ArgumentException>(() => GrokCookie.For("a;b", null));
        Assert.Throws<ArgumentException>(() => GrokCookie.For("a;b", null));
    }
}
