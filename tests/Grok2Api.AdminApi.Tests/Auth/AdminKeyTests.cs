using Grok2Api.AdminApi.Auth;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Auth;

public sealed class AdminKeyTests
{
    [Theory]
    [InlineData("grok2api", "grok2api")]
    [InlineData("管理员 🔑 \"quoted\" \\", "管理员 🔑 \"quoted\" \\")]
    [InlineData("a", "a")]
    public void Matches_SameKey_IsTrue(string presented, string expected)
    {
        Assert.True(AdminKey.Matches(presented, expected));
    }

    [Theory]
    [InlineData("grok2api", "grok2apI")]
    [InlineData("grok2ap", "grok2api")]
    [InlineData("grok2api ", "grok2api")]
    [InlineData("grok2apii", "grok2api")]
    [InlineData("", "grok2api")]
    [InlineData(null, "grok2api")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("anything", "")]
    public void Matches_DifferentOrMissingKey_IsFalse(string? presented, string expected)
    {
        Assert.False(AdminKey.Matches(presented, expected));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER abc", "abc")]
    [InlineData("Bearer   abc  ", "abc")]
    [InlineData("Bearer a b", "a b")]
    [InlineData("Bearer ", null)]
    [InlineData("Bearer    ", null)]
    [InlineData("Bearerabc", null)]
    [InlineData("Basic abc", null)]
    [InlineData("abc", null)]
    [InlineData("", null)]
    public void ReadBearer_ParsesTheSchemeCaseInsensitively(string header, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = header;

        Assert.Equal(expected, AdminKey.ReadBearer(context.Request));
    }

    [Fact]
    public void ReadBearer_NoHeader_IsNull()
    {
        Assert.Null(AdminKey.ReadBearer(new DefaultHttpContext().Request));
    }
}
