using System.Net;
using Grok2Api.Proxy.Attachments;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class FetchAllowListTests
{
    private static readonly FetchAllowList List = FetchAllowList.Parse(
        ["127.0.0.1", "10.1.2.3/16", "[fd00::5]", "fd12::/16", "Images.Internal.Example", "not a host!", " "]);

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.1.200.200", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("fd00::5", true)]
    [InlineData("fd12:abcd::1", true)]
    [InlineData("fd13::1", false)]
    public void AllowsAddress_IpsAndCidrs(string address, bool expected) =>
        Assert.Equal(expected, List.AllowsAddress(IPAddress.Parse(address)));

    [Theory]
    [InlineData("images.internal.example", true)]
    [InlineData("IMAGES.INTERNAL.EXAMPLE", true)]
    [InlineData("other.internal.example", false)]
    [InlineData("sub.images.internal.example", false)]
    public void AllowsHost_ExactNamesIgnoringCase(string host, bool expected) => Assert.Equal(expected, List.AllowsHost(host));

    [Fact]
    public void Parse_Nothing_IsEmpty() => Assert.True(FetchAllowList.Parse([]).IsEmpty);
}
