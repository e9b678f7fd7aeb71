using Grok2Api.AdminApi.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.AdminApi.Tests.Auth;

public sealed class SessionRevocationsTests
{
    private const string Key = "revocation-key";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Revoke_VerifiedSession_IsRevokedUntilItExpires()
    {
        var revocations = new SessionRevocations(_time);
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());
        Assert.True(AdminSession.TryRead(cookie, Key, _time.GetUtcNow(), out var expires));
        Assert.Equal(_time.GetUtcNow() + AdminSession.Lifetime, expires);

        revocations.Revoke(cookie, expires);

        Assert.True(revocations.IsRevoked(cookie));
        Assert.False(revocations.IsRevoked(AdminSession.Issue(Key, _time.GetUtcNow())));
        Assert.False(revocations.IsRevoked(null));

        // Pruned once it expired (it is invalid on its own by then).
        _time.Advance(AdminSession.Lifetime);
        revocations.Revoke(AdminSession.Issue(Key, _time.GetUtcNow()), _time.GetUtcNow() + AdminSession.Lifetime);
        Assert.False(revocations.IsRevoked(cookie));
        Assert.Equal(1, revocations.Count);
    }

    [Fact]
    public void Revoke_NeverHoldsMoreThanCapacity_ForgetsTheSoonestExpiringFirst()
    {
        var revocations = new SessionRevocations(_time);
        var first = AdminSession.Issue(Key, _time.GetUtcNow());
        revocations.Revoke(first, _time.GetUtcNow() + TimeSpan.FromMinutes(5));
        for (var i = 1; i < SessionRevocations.Capacity; i++)
        {
            revocations.Revoke(AdminSession.Issue(Key, _time.GetUtcNow()), _time.GetUtcNow() + AdminSession.Lifetime);
        }

        Assert.Equal(SessionRevocations.Capacity, revocations.Count);
        var last = AdminSession.Issue(Key, _time.GetUtcNow());
        revocations.Revoke(last, _time.GetUtcNow() + AdminSession.Lifetime);

        Assert.Equal(SessionRevocations.Capacity, revocations.Count);
        Assert.True(revocations.IsRevoked(last));
        Assert.False(revocations.IsRevoked(first));
    }

    [Fact]
    public void TryRead_ForgedOrOversizedCookie_IsRefused()
    {
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());
        var now = _time.GetUtcNow();

        Assert.False(AdminSession.TryRead(cookie, "other-key", now, out _));
        Assert.False(AdminSession.TryRead($"{now.AddHours(1).ToUnixTimeSeconds()}-{new string('A', 30_000)}.forged", Key, now, out _));
        Assert.False(AdminSession.TryRead(null, Key, now, out _));
    }
}
