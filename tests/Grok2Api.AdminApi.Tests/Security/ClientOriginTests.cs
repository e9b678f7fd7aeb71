using System.Net;
using Grok2Api.AdminApi.Security;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Security;

public sealed class ClientOriginTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("203.0.113.7", false)]
    public void IsLocal_ByAddress(string address, bool local)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(local, ClientOrigin.IsLocal(context));
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    public void IsLocal_LoopbackWithAForwardingHeaderLeft_IsNotLocal(string header)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Headers[header] = "203.0.113.7";

        Assert.False(ClientOrigin.IsLocal(context));
    }

    [Fact]
    public void IsLocal_NoAddress_IsNotLocal() => Assert.False(ClientOrigin.IsLocal(new DefaultHttpContext()));
}
