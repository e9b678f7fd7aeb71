using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Video;

namespace Grok2Api.Simulator.Tests;

public sealed class UpscaleTests : MediaTestBase
{
    private Task<HttpResponseMessage> UpscaleAsync(string body, string? token = Upstream.Token) =>
        SendAsync(Upstream.Post(UpstreamPaths.VideoUpscale, token, body));

    private static string Body(string videoId) => new JsonObject { ["videoId"] = videoId }.ToJsonString();

    /// <summary>A finished 720p video of this simulator.</summary>
    private async Task<VideoRequest> MakeVideoAsync()
    {
        await ChatLinesAsync(Upstream.VideoBody("a cat --mode=normal", await CreateVideoPostAsync(), resolutionName: "720p"));
        return Assert.Single(Sim.Videos.Received);
    }

    [Fact]
    public async Task Upscale_KnownVideo_AnswersAnHdPathWhoseBytesDifferFromTheVideo()
    {
        var video = await MakeVideoAsync();

        using var response = await UpscaleAsync(Body(video.VideoId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hd = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["hdMediaUrl"]!.GetValue<string>();
        Assert.Equal($"users/{SimulatedUsers.IdOf(Upstream.Token)}/generated/{video.VideoId}/generated_video_hd.mp4", hd);
        var hdBytes = await DownloadAsync(hd);
        var sdBytes = await DownloadAsync(video.VideoUrl!);
        Assert.Equal(AssetStore.DefaultContent(hd), hdBytes);
        Assert.NotEqual(sdBytes, hdBytes);
        Assert.Equal("ftyp"u8.ToArray(), hdBytes[4..8]);
    }

    [Fact]
    public async Task Upscale_IsRecorded()
    {
        var video = await MakeVideoAsync();

        (await UpscaleAsync(Body(video.VideoId))).Dispose();
        (await UpscaleAsync(Body("ffffffff-0000-4000-8000-000000000000"), Upstream.OtherToken)).Dispose();

        var calls = Sim.Upscales.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal((Upstream.Token, video.VideoId, true, UpscaleOutcome.Succeeds), (calls[0].Token, calls[0].VideoId, calls[0].IsKnownVideo, calls[0].Outcome));
        Assert.False(calls[1].IsKnownVideo);
        Assert.Equal($"users/{SimulatedUsers.IdOf(Upstream.OtherToken)}/generated/ffffffff-0000-4000-8000-000000000000/generated_video_hd.mp4", calls[1].HdMediaUrl);
        Assert.Equal(1, Sim.RequestCount(Upstream.Token, UpstreamPaths.VideoUpscale));
    }

    [Fact]
    public async Task Upscale_ServerErrorOutcome_Answers500()
    {
        Sim.Upscales.Enqueue(Upstream.Token, UpscaleOutcome.ServerError);

        using var failed = await UpscaleAsync(Body("v1"));
        using var ok = await UpscaleAsync(Body("v1"));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Null(Sim.Upscales.Calls[0].HdMediaUrl);
        Assert.Equal(UpscaleOutcome.ServerError, Sim.Upscales.Calls[0].Outcome);
    }

    [Fact]
    public async Task Upscale_NoHdMediaUrlOutcome_AnswersAnEmptyObject()
    {
        Sim.Upscales.Enqueue(null, UpscaleOutcome.NoHdMediaUrl);

        using var response = await UpscaleAsync(Body("v1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    [Fact]
    public async Task Upscale_AbsoluteUrlOutcome_AnswersAUrlOnThisHostThatDownloads()
    {
        Sim.Upscales.Enqueue(null, UpscaleOutcome.AbsoluteUrl);

        using var response = await UpscaleAsync(Body("v1"));

        var url = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["hdMediaUrl"]!.GetValue<string>();
        Assert.StartsWith(Sim.BaseUrl + "/users/", url, StringComparison.Ordinal);
        Assert.Equal(AssetStore.DefaultContent(new Uri(url).AbsolutePath), await DownloadAsync(url));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"videoId":""}""")]
    [InlineData("""{"videoId":42}""")]
    [InlineData("""{"videoId":"a/b"}""")]
    public async Task Upscale_BadBody_Returns400AndRecordsNoCall(string body)
    {
        using var response = await UpscaleAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Sim.Upscales.Calls);
    }

    [Fact]
    public async Task Upscale_FaultsForTheEndpoint_Apply()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.Unauthorized().OnlyFor(UpstreamPaths.VideoUpscale));
        Sim.Faults.Enqueue(Upstream.Token, Fault.ServerError(503).OnlyFor(UpstreamPaths.VideoUpscale));
        Sim.Faults.Enqueue(Upstream.Token, Fault.Stall().OnlyFor(UpstreamPaths.VideoUpscale));

        using var unauthorized = await UpscaleAsync(Body("v1"));
        using var unavailable = await UpscaleAsync(Body("v1"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(300);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.SendAsync(Upstream.Post(UpstreamPaths.VideoUpscale, Upstream.Token, Body("v1")), cts.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Empty(Sim.Upscales.Calls);
    }

    [Fact]
    public async Task Upscale_WithoutCookie_Returns401()
    {
        using var response = await UpscaleAsync(Body("v1"), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Sim.Upscales.Calls);
    }

    [Fact]
    public async Task ControlUpscales_QueuesOutcomesListsAndClears()
    {
        using var queued = await ControlAsync(HttpMethod.Post, "/__sim/upscales/outcomes", """{"token":"tok-alpha","outcome":"server_error"}""");
        using var bad = await ControlAsync(HttpMethod.Post, "/__sim/upscales/outcomes", "{}");
        using var failed = await UpscaleAsync(Body("v1"));

        using var listed = await ControlAsync(HttpMethod.Get, "/__sim/upscales?token=tok-alpha");
        var item = Assert.Single(JsonNode.Parse(await listed.Content.ReadAsStringAsync(Ct))!.AsArray())!;
        using var cleared = await ControlAsync(HttpMethod.Delete, "/__sim/upscales");

        Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("ServerError", item["outcome"]!.GetValue<string>());
        Assert.Equal("v1", item["videoId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Sim.Upscales.Calls);
    }

    [Fact]
    public async Task Reset_ForgetsCallsAndQueuedOutcomes()
    {
        (await UpscaleAsync(Body("v1"))).Dispose();
        Sim.Upscales.Enqueue(null, UpscaleOutcome.ServerError);

        Sim.Reset();

        Assert.Empty(Sim.Upscales.Calls);
        Assert.Equal(0, Sim.Upscales.PendingCount);
    }
}
