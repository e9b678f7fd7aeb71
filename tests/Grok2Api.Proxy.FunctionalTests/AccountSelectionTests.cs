using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Images;
using Grok2Api.Proxy.FunctionalTests.Images.Edits;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Proxy.FunctionalTests.Video;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>
/// Which account serves a request (docs/adr/0024): NSFW requests go to accounts tagged <c>nsfw</c>
/// first, heavy requests are served by accounts with fewer units left than their cost, and a
/// request that finds no account gets a recently rate-limited account re-synced in the background.
/// Each pool has an untagged account with more quota, which would win without the tag.
/// </summary>
public sealed class AccountSelectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ImageGeneration_NsfwOn_LandsOnTheTaggedAccount_OffOnTheOneWithMostQuota(bool nsfw)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(nsfw: nsfw));
        var (plain, tagged) = await AddPlainAndTaggedAsync(env, ct);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = Assert.Single(env.Simulator.Imagine.Received);
        Assert.Equal((nsfw ? tagged : plain, nsfw), (session.Token, session.EnableNsfw));
    }

    [Fact]
    public async Task ImageGeneration_NsfwOnNoTaggedAccount_ServedByAnyAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(nsfw: true));
        var token = await env.AddTokenAsync(ct);

        using var response = await ImageTestKit.PostAsync(env, ImageTestKit.Body(1), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(token, Assert.Single(env.Simulator.Imagine.Received).Token);
    }

    [Fact]
    public async Task ImageEdit_NsfwOn_LandsOnTheTaggedAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(nsfw: true));
        var (plain, tagged) = await AddPlainAndTaggedAsync(env, ct);

        using var response = await ImageEditKit.PostAsync(env, ImageEditKit.Form("make it night", [ImageEditKit.Png()], fields: ("response_format", "b64_json")), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(env.Simulator.ImageEdits.ForToken(tagged));
        Assert.Empty(env.Simulator.ImageEdits.ForToken(plain));
    }

    [Theory]
    [InlineData("spicy", true)]
    [InlineData("normal", false)]
    public async Task Video_SpicyLandsOnTheTaggedAccount_OtherPresetsOnTheOneWithMostQuota(string preset, bool toTagged)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var (plain, tagged) = await AddPlainAndTaggedAsync(env, ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("a cat surfing", new JsonObject { ["preset"] = preset }), ct);

        await VideoTesting.ContentAsync(response, ct);
        Assert.Equal(toTagged ? tagged : plain, Assert.Single(env.Simulator.Videos.Received).Token);
    }

    [Fact]
    public async Task HeavyModel_SuperAccountWithTwoUnitsLeft_ServesAndIsChargedWhatItHad()
    {
        // grok-4-heavy costs 4; the only ssoSuper account has 2 units left. It used to be a 429.
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddSuperTokenAsync(ct);
        await env.Registry.PatchAsync(TestTokens.IdOf(token), new TokenPatch { Quota = 2 }, ct).WaitAsync(Bound, ct);

        using var response = await env.PostAsync(ChatBodies.Text("grok-4-heavy", "think hard"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(token, Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew).Token);
        await env.SettledAsync(ct);
        var view = env.View(token);
        Assert.Equal((0, 2, TokenStatus.Cooling), (view.Quota, view.UseCount, view.Status));
    }

    [Fact]
    public async Task NoAccount_RateLimitedAccountNeverSynced_ReSyncedInTheBackgroundWithinSeconds()
    {
        // The only account is rate limited by the first request: that request gets its 429 at once,
        // and the re-sync it set off (the upstream says the account has quota) brings the account
        // back long before the scheduler's next minute, let alone the 8 h interval of ssoBasic.
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { AutoRefresh = true });
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(token, Fault.RateLimited().OnlyFor(UpstreamPaths.ConversationsNew));

        using (var limited = await env.PostAsync(ChatBodies.Text("grok-3", "hello"), ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        var status = await Eventually.PollAsync(() => Task.FromResult(env.View(token).Status), s => s == TokenStatus.Active, TimeSpan.FromSeconds(15), ct);
        Assert.Equal(TokenStatus.Active, status);
        Assert.Contains(env.Simulator.Requests, r => r.Path == UpstreamPaths.RateLimits && r.Token == token);
        Assert.NotNull(env.View(token).LastSyncAt);
        using var served = await env.PostAsync(ChatBodies.Text("grok-3", "hello again"), ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>An untagged ssoBasic account with 80 units and an <c>nsfw</c>-tagged one with 70.</summary>
    private static async Task<(string Plain, string Tagged)> AddPlainAndTaggedAsync(ChatEnvironment env, CancellationToken ct)
    {
        var (plain, tagged) = await env.AddTwoTokensAsync(ct);
        var patched = await env.Registry.PatchAsync(TestTokens.IdOf(tagged), new TokenPatch { Tags = ["nsfw"] }, ct).WaitAsync(Bound, ct);
        Assert.Equal(TokenPatchError.None, patched.Error);
        return (plain, tagged);
    }
}
