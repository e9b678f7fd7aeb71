using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.FeatureControls;
using Grok2Api.Simulator.Faults;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>The <c>nsfw</c> batch task: exactly the feature-control call, the tag on success, and why a refused account failed.</summary>
public sealed class TasksNsfwTests
{
    /// <summary>The gRPC-web frame of docs/grok-protocol.md §15.2: flag 0, length 32, field 1 = {2: 1}, field 2 = {1: "always_show_nsfw_content"}.</summary>
    private static readonly byte[] ExpectedBody =
    [
        0x00, 0x00, 0x00, 0x00, 0x20, 0x0a, 0x02, 0x10, 0x01, 0x12, 0x1a, 0x0a, 0x18,
        .. "always_show_nsfw_content"u8,
    ];

    [Fact]
    public async Task Nsfw_SendsOnlyTheFeatureControlCall_AndTagsTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [TestTokens.New("n1"), TestTokens.New("n2"), TestTokens.New("n3")];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);

        var id = await tasks.StartAsync("nsfw", [.. tokens.Select(TestTokens.IdOf)], 3, ct);
        var final = TaskApi.AssertWellFormed(await tasks.EventsAsync(id, ct), id);

        Assert.Equal("done", final.GetProperty("type").GetString());
        Assert.Equal(3, final.GetProperty("ok").GetInt32());
        foreach (var token in tokens)
        {
            // One call per account, and nothing else: no terms-of-service call, no birth date.
            var requests = upstream.Simulator.Requests.Where(r => r.Token == token).ToList();
            var request = Assert.Single(requests);
            Assert.Equal("POST", request.Method);
            Assert.Equal(UpstreamPaths.UpdateUserFeatureControls, request.Path);
            Assert.Equal(ExpectedBody, request.Body.ToArray());
            Assert.Equal("application/grpc-web+proto", request.Header("content-type"));
            Assert.Equal("1", request.Header("x-grpc-web"));
            Assert.EndsWith("/?_s=data", request.Header("referer"), StringComparison.Ordinal);
            Assert.True(upstream.Simulator.FeatureControls.IsNsfwEnabled(token));
            Assert.Contains("nsfw", (await upstream.Admin.ItemAsync(TestTokens.IdOf(token), ct)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        Assert.DoesNotContain(upstream.Simulator.Requests, r => r.Path.Contains("Tos", StringComparison.OrdinalIgnoreCase) || r.Path.Contains("birth", StringComparison.OrdinalIgnoreCase));

        // The tag is stored, and the tag filter of the token list finds them.
        var tagged = await upstream.Admin.ItemsAsync(ct, "?tag=nsfw&page_size=500");
        Assert.Equal(tokens.Select(TestTokens.IdOf).Order(), tagged.Select(t => t.GetProperty("id").GetString()!).Order());
    }

    [Fact]
    public async Task Nsfw_RefusedAccounts_ReportWhy_AndAnUnauthenticatedOneCountsAsAnAuthFailure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct);
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string ok = TestTokens.New("ok"), denied = TestTokens.New("denied"), expired = TestTokens.New("expired"), limited = TestTokens.New("limited");
        await upstream.Admin.AddAsync("ssoBasic", [ok, denied, expired, limited], ct);
        var features = upstream.Simulator.FeatureControls;
        features.Refuse(denied, new FeatureRefusal { GrpcStatus = 7, GrpcMessage = "age verification required: ü" });
        features.Refuse(expired, new FeatureRefusal { GrpcStatus = 16, GrpcMessage = "session expired", InHeaders = true });
        features.Refuse(limited, new FeatureRefusal { GrpcStatus = 8, GrpcMessage = "slow down", AsText = true });

        var id = await tasks.StartAsync("nsfw", null, 4, ct);
        var view = await tasks.WaitEndedAsync(id, ct);

        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal(1, view.GetProperty("ok").GetInt32());
        Assert.Equal(3, view.GetProperty("fail").GetInt32());
        var reasons = view.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("reason").GetString()!);
        Assert.Equal("403 permission denied: age verification required: ü (grpc-status 7)", reasons[TestTokens.IdOf(denied)]);
        Assert.Equal("401 unauthenticated: session expired (grpc-status 16)", reasons[TestTokens.IdOf(expired)]);
        Assert.Equal("429 resource exhausted: slow down (grpc-status 8)", reasons[TestTokens.IdOf(limited)]);

        Assert.Contains("nsfw", await TagsAsync(upstream, ok, ct));
        foreach (var refused in (string[])[denied, expired, limited])
        {
            Assert.DoesNotContain("nsfw", await TagsAsync(upstream, refused, ct));
            Assert.False(features.IsNsfwEnabled(refused));
        }

        var expiredView = await upstream.Admin.ItemAsync(TestTokens.IdOf(expired), ct);
        Assert.Equal(1, expiredView.GetProperty("fail_count").GetInt32());
        Assert.Equal("nsfw_auth_failed", expiredView.GetProperty("last_fail_reason").GetString());
        Assert.Equal(0, (await upstream.Admin.ItemAsync(TestTokens.IdOf(denied), ct)).GetProperty("fail_count").GetInt32());
    }

    [Fact]
    public async Task Nsfw_RunsAtMostTheConfiguredNumberOfCallsAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await SimulatedUpstream.StartAsync(ct, "[nsfw]\nconcurrent = 3\nbatch_size = 5\n");
        var tasks = new TaskApi(upstream.Admin, upstream.Gateway.Client);
        string[] tokens = [.. Enumerable.Range(0, 10).Select(i => TestTokens.New("c" + i))];
        await upstream.Admin.AddAsync("ssoBasic", tokens, ct);
        upstream.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(250)).OnlyFor(UpstreamPaths.UpdateUserFeatureControls));

        var id = await tasks.StartAsync("nsfw", null, 10, ct);
        var view = await tasks.WaitEndedAsync(id, ct);

        Assert.Equal(10, view.GetProperty("ok").GetInt32());
        var peak = upstream.Simulator.FeatureControls.Requests.PeakInFlight;
        Assert.InRange(peak, 2, 3);
    }

    private static async Task<List<string?>> TagsAsync(SimulatedUpstream upstream, string token, CancellationToken ct) =>
        [.. (await upstream.Admin.ItemAsync(TestTokens.IdOf(token), ct)).GetProperty("tags").EnumerateArray().Select(t => t.GetString())];
}
