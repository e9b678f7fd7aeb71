using Grok2Api.AdminApi.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.AdminApi.Tests.Auth;

public sealed class AdminSessionTests
{
    private const string Key = "admin-key";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Issue_IsValidUntilTheLifetimeEnds()
    {
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());

        Assert.True(AdminSession.IsValid(cookie, Key, _time.GetUtcNow()));
        _time.Advance(AdminSession.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(AdminSession.IsValid(cookie, Key, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(AdminSession.IsValid(cookie, Key, _time.GetUtcNow()));
    }

    [Fact]
    public void Lifetime_IsTwelveHours()
    {
        Assert.Equal(TimeSpan.FromHours(12), AdminSession.Lifetime);
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());
        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromHours(12)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), cookie.Split('.')[0].Split('-')[0]);
    }

    [Fact]
    public void ACookieOfAnotherPurpose_IsNotASession_EvenUnderTheSameKey()
    {
        // The public playground signs its login cookie the same way under its own purpose: an
        // operator who sets public_key equal to app_key must not turn a playground login into admin access.
        var playground = new SignedSessionCookie("grok2api-public-session", AdminSession.Lifetime).Issue(Key, _time.GetUtcNow());

        Assert.False(AdminSession.IsValid(playground, Key, _time.GetUtcNow()));
        Assert.True(AdminSession.IsValid(AdminSession.Issue(Key, _time.GetUtcNow()), Key, _time.GetUtcNow()));
    }

    [Fact]
    public void ACookieSignedBeforeTheSharedFormat_StillReads()
    {
        // Sessions issued before the admin and public cookies shared one format stay valid after an upgrade:
        // the key is SHA-256 of "grok2api-admin-session:" and the app key, the MAC is HMAC-SHA256 of the payload.
        var payload = (_time.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "-bm9uY2Vub25jZQ";
        var key = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("grok2api-admin-session:" + Key));
        var mac = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(payload)));

        Assert.True(AdminSession.IsValid(payload + "." + mac, Key, _time.GetUtcNow()));
    }

    [Fact]
    public void IsValid_AfterTheAppKeyChanged_IsFalse()
    {
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());

        Assert.False(AdminSession.IsValid(cookie, "rotated-key", _time.GetUtcNow()));
        Assert.False(AdminSession.IsValid(cookie, Key + " ", _time.GetUtcNow()));
        Assert.False(AdminSession.IsValid(cookie, "Admin-key", _time.GetUtcNow()));
        Assert.True(AdminSession.IsValid(cookie, Key, _time.GetUtcNow()));
    }

    [Fact]
    public void Issue_NeverContainsTheKeyAndDependsOnIt()
    {
        var now = _time.GetUtcNow();
        var cookie = AdminSession.Issue(Key, now);

        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
        Assert.False(AdminSession.IsValid(cookie, "other-key", now));

        // Every login is its own session: the same key at the same moment issues distinct cookies.
        Assert.NotEqual(cookie, AdminSession.Issue(Key, now));
        Assert.Matches("^[0-9]+-[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", cookie);
    }

    [Fact]
    public void IsValid_ExtendedExpiry_IsFalse()
    {
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());
        var nonceAndSignature = cookie[(cookie.IndexOf('-', StringComparison.Ordinal) + 1)..];
        var later = (_time.GetUtcNow() + TimeSpan.FromDays(365)).ToUnixTimeSeconds();

        Assert.False(AdminSession.IsValid($"{later}-{nonceAndSignature}", Key, _time.GetUtcNow()));
    }

    [Fact]
    public void IsValid_AlteredSignature_IsFalse()
    {
        var cookie = AdminSession.Issue(Key, _time.GetUtcNow());
        var last = cookie[^1];
        var altered = cookie[..^1] + (last == 'A' ? 'B' : 'A');

        Assert.False(AdminSession.IsValid(altered, Key, _time.GetUtcNow()));
        Assert.False(AdminSession.IsValid(cookie + "A", Key, _time.GetUtcNow()));
        Assert.False(AdminSession.IsValid(cookie[..^1], Key, _time.GetUtcNow()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("1893456000")]
    [InlineData("1893456000.")]
    [InlineData(".c2lnbmF0dXJl")]
    [InlineData("-1893456000.c2lnbmF0dXJl")]
    [InlineData("+1893456000.c2lnbmF0dXJl")]
    [InlineData(" 1893456000.c2lnbmF0dXJl")]
    [InlineData("99999999999999999999999.c2lnbmF0dXJl")]
    public void IsValid_MalformedCookie_IsFalse(string? cookie)
    {
        Assert.False(AdminSession.IsValid(cookie, Key, _time.GetUtcNow()));
    }

    [Fact]
    public void IsValid_EmptyAppKey_IsAlwaysFalse()
    {
        var cookie = AdminSession.Issue("", _time.GetUtcNow());

        Assert.False(AdminSession.IsValid(cookie, "", _time.GetUtcNow()));
    }
}
