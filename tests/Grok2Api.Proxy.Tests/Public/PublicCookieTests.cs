using Grok2Api.Proxy.Hosting;
using Grok2Api.Proxy.Public;
using Grok2Api.Proxy.Public.Imagine;
using Grok2Api.Proxy.Public.Voice;

namespace Grok2Api.Proxy.Tests.Public;

public sealed class PublicCookieTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Issued_IsValidUntilItsLifetimeEnds()
    {
        var cookie = PublicCookie.Issue("key-a", Now);

        Assert.True(PublicCookie.IsValid(cookie, "key-a", Now));
        Assert.True(PublicCookie.IsValid(cookie, "key-a", Now + PublicCookie.Lifetime - TimeSpan.FromSeconds(1)));
        Assert.False(PublicCookie.IsValid(cookie, "key-a", Now + PublicCookie.Lifetime));
        Assert.DoesNotContain("key-a", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherKey_OrATamperedValue_IsRefused()
    {
        var cookie = PublicCookie.Issue("key-a", Now);
        var later = (Now + TimeSpan.FromDays(365)).ToUnixTimeSeconds();

        Assert.False(PublicCookie.IsValid(cookie, "key-b", Now));
        Assert.False(PublicCookie.IsValid(later + cookie[cookie.IndexOf('-', StringComparison.Ordinal)..], "key-a", Now));
        Assert.False(PublicCookie.IsValid(cookie + "x", "key-a", Now));
        Assert.False(PublicCookie.IsValid("", "key-a", Now));
        Assert.False(PublicCookie.IsValid("garbage", "key-a", Now));
        Assert.False(PublicCookie.IsValid(cookie, "", Now));
    }

    [Theory]
    [InlineData("?public_key=secret&prompt=x", "?public_key=***&prompt=x")]
    [InlineData("?prompt=x&PUBLIC_KEY=secret", "?prompt=x&PUBLIC_KEY=***")]
    [InlineData("?task_id=abc", "?task_id=abc")]
    public void QueryKeyRedactor_MasksOnlyThePublicKey(string query, string expected) =>
        Assert.Equal(expected, QueryKeyRedactor.Redact(query));

    [Theory]
    [InlineData(null, "2:3")]
    [InlineData("16:9", "16:9")]
    [InlineData("9:16", "9:16")]
    public void ImagineSpec_KeepsTheRatioAsked(string? ratio, string expected)
    {
        Assert.True(PublicImagineSpec.TryCreate("a fox", ratio, null, out var spec, out _));
        Assert.Equal(expected, spec.AspectRatio);
    }

    [Theory]
    [InlineData("bob", null, null, "voice")]
    [InlineData(null, "pirate", null, "personality")]
    [InlineData(null, null, "0.4", "speed")]
    [InlineData(null, null, "2.01", "speed")]
    [InlineData(null, null, "NaN", "speed")]
    public void VoiceRequest_RefusesWhatTheWebAppDoesNotOffer(string? voice, string? personality, string? speed, string param)
    {
        Assert.False(PublicVoiceRequest.TryCreate(voice, personality, speed, out _, out var error));
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void VoiceRequest_SessionPayloadIsAJsonString()
    {
        Assert.True(PublicVoiceRequest.TryCreate("eve", "doc", "1.25", out var request, out _));

        using var body = System.Text.Json.JsonDocument.Parse(request.UpstreamBody("wss://lk.example"));
        var payload = body.RootElement.GetProperty("sessionPayload").GetString()!;
        using var session = System.Text.Json.JsonDocument.Parse(payload);
        Assert.Equal("eve", session.RootElement.GetProperty("voice").GetString());
        Assert.Equal("doc", session.RootElement.GetProperty("personality").GetString());
        Assert.Equal(1.25, session.RootElement.GetProperty("playback_speed").GetDouble());
        Assert.Equal("wss://lk.example", body.RootElement.GetProperty("livekitUrl").GetString());
        Assert.False(body.RootElement.GetProperty("requestAgentDispatch").GetBoolean());
    }
}
