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
}
