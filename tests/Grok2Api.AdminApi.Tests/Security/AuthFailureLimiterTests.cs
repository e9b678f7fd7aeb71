using System.Net;
using Grok2Api.AdminApi.Security;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.AdminApi.Tests.Security;

public sealed class AuthFailureLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RecordFailure_TwentyAllowed_ThenLimitedUntilTheWindowEnds()
    {
        using var limiter = new AuthFailureLimiter(_time);

        for (var i = 0; i < IAuthFailureLimiter.FailuresPerWindow; i++)
        {
            Assert.False(limiter.Check(Client).IsLimited);
            Assert.False(limiter.RecordFailure(Client).IsLimited, $"failure {i + 1} is a 401");
        }

        Assert.True(limiter.Check(Client).IsLimited);
        _time.Advance(TimeSpan.FromSeconds(15));
        var limited = limiter.RecordFailure(Client);
        Assert.True(limited.IsLimited);
        Assert.Equal(TimeSpan.FromSeconds(45), limited.RetryAfter);
        Assert.Equal("45", limited.RetryAfterSeconds);

        // Another address has its own budget.
        Assert.False(limiter.RecordFailure(IPAddress.Parse("203.0.113.8")).IsLimited);

        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.False(limiter.Check(Client).IsLimited);
        Assert.False(limiter.RecordFailure(Client).IsLimited);
    }

    [Fact]
    public void Addresses_AreForgottenOneWindowAfterTheirLastFailure()
    {
        using var limiter = new AuthFailureLimiter(_time);
        for (var i = 0; i < 100; i++)
        {
            limiter.RecordFailure(IPAddress.Parse($"198.51.100.{i}"));
        }

        Assert.Equal(100, limiter.TrackedAddresses);
        _time.Advance(IAuthFailureLimiter.Window);
        limiter.RecordFailure(Client);

        // The sweep runs on the TimeProvider's timer every window.
        _time.Advance(IAuthFailureLimiter.Window - TimeSpan.FromSeconds(1));
        Assert.Equal(1, limiter.TrackedAddresses);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, limiter.TrackedAddresses);
    }

    [Fact]
    public void Addresses_AreBounded_NewOnesShareAnOverflowLimit()
    {
        using var limiter = new AuthFailureLimiter(_time);
        for (var i = 0; i < AuthFailureLimiter.MaxAddresses; i++)
        {
            limiter.RecordFailure(new IPAddress(0x0A000000u + (uint)i));
        }

        for (var i = 0; i < IAuthFailureLimiter.FailuresPerWindow; i++)
        {
            Assert.False(limiter.RecordFailure(IPAddress.Parse($"203.0.113.{i}")).IsLimited);
        }

        Assert.True(limiter.RecordFailure(IPAddress.Parse("203.0.113.200")).IsLimited);
        Assert.Equal(AuthFailureLimiter.MaxAddresses + 1, limiter.TrackedAddresses);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("::1", "::1")]
    public void KeyOf_IPv6_CountsPer64(string address, string key) =>
        Assert.Equal(key, AuthFailureLimiter.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public void KeyOf_NoAddress_IsOneSharedKey() => Assert.Equal("unknown", AuthFailureLimiter.KeyOf(null));
}
