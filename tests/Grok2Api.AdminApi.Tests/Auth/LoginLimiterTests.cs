using System.Net;
using Grok2Api.AdminApi.Auth;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Auth;

public sealed class LoginLimiterTests
{
    [Fact]
    public void TryAcquire_AllowsTenAttemptsPerAddressThenRefuses()
    {
        using var limiter = new LoginLimiter();
        var first = From(IPAddress.Parse("203.0.113.7"));

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAcquire(first), $"attempt {i + 1} is allowed");
        }

        Assert.False(limiter.TryAcquire(first));
        Assert.False(limiter.TryAcquire(From(IPAddress.Parse("203.0.113.7"))));

        // Another address has its own budget.
        Assert.True(limiter.TryAcquire(From(IPAddress.Parse("203.0.113.8"))));
        Assert.True(limiter.TryAcquire(From(IPAddress.IPv6Loopback)));
    }

    [Fact]
    public void TryAcquire_WithoutAnAddress_SharesOneBudget()
    {
        using var limiter = new LoginLimiter();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAcquire(From(null)));
        }

        Assert.False(limiter.TryAcquire(From(null)));
    }

    private static DefaultHttpContext From(IPAddress? address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address;
        return context;
    }
}
