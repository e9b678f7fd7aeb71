using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Media;

namespace Grok2Api.Simulator.Tests;

public sealed class MediaPostTests : MediaTestBase
{
    private Task<HttpResponseMessage> PostAsync(string body, string? token = Upstream.Token) =>
        SendAsync(Upstream.Post(UpstreamPaths.MediaPostCreate, token, body));

    [Fact]
    public async Task Create_VideoPost_AnswersThePostAndRecordsIt()
    {
        using var response = await PostAsync("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":"a cat surfing"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["post"]!;
        var recorded = Assert.Single(Sim.MediaPosts.All);
        Assert.Equal(recorded.Id, post["id"]!.GetValue<string>());
        Assert.Equal(MediaPostTypes.Video, post["mediaType"]!.GetValue<string>());
        Assert.Equal("a cat surfing", post["prompt"]!.GetValue<string>());
        Assert.Equal(SimulatedUsers.IdOf(Upstream.Token), post["userId"]!.GetValue<string>());
        Assert.Equal(Upstream.Token, recorded.Token);
        Assert.Equal("a cat surfing", recorded.Prompt);
        Assert.Null(recorded.MediaUrl);
        Assert.Same(recorded, Sim.MediaPosts.Find(recorded.Id));
    }

    [Fact]
    public async Task Create_ImagePostOfAnUpload_RecordsTheMediaUrl()
    {
        var url = AssetUrl(await UploadAsync());

        var id = await CreatePostAsync(new JsonObject { ["mediaType"] = "MEDIA_POST_TYPE_IMAGE", ["mediaUrl"] = url });

        var post = Sim.MediaPosts.Find(id)!;
        Assert.Equal(MediaPostTypes.Image, post.MediaType);
        Assert.Equal(url, post.MediaUrl);
        Assert.Null(post.Prompt);
    }

    [Fact]
    public async Task Create_ImagePostOfAGeneratedImage_IsAccepted()
    {
        var id = await CreatePostAsync(new JsonObject
        {
            ["mediaType"] = "MEDIA_POST_TYPE_IMAGE",
            ["mediaUrl"] = AssetUrl("users/u1/generated/abc/image.jpg"),
        });

        Assert.NotNull(Sim.MediaPosts.Find(id));
    }

    [Fact]
    public async Task Create_TwoPosts_GetDistinctIdsPerToken()
    {
        var first = await CreateVideoPostAsync();
        var second = await CreateVideoPostAsync(Upstream.OtherToken);

        Assert.NotEqual(first, second);
        Assert.Equal(second, Assert.Single(Sim.MediaPosts.ForToken(Upstream.OtherToken)).Id);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"prompt":"a cat"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_AUDIO","prompt":"a cat"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_VIDEO"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":""}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":7}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":"a cat","mediaUrl":"http://x/users/u/generated/a/image.jpg"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_IMAGE"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_IMAGE","mediaUrl":"users/u1/generated/abc/image.jpg"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_IMAGE","mediaUrl":"http://x/users/u1/unknown/content"}""")]
    [InlineData("""{"mediaType":"MEDIA_POST_TYPE_IMAGE","mediaUrl":"http://x/users/u1/generated/abc/image.jpg","prompt":"edit"}""")]
    public async Task Create_BadBody_Returns400AndRecordsNothing(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["code"]!.GetValue<int>());
        Assert.Empty(Sim.MediaPosts.All);
    }

    [Fact]
    public async Task Create_WithoutCookie_Returns401()
    {
        using var response = await PostAsync("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":"a cat"}""", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Sim.MediaPosts.All);
    }

    [Fact]
    public async Task Create_FaultsForTheEndpoint_Apply()
    {
        Sim.Faults.Enqueue(Upstream.Token, Fault.RateLimited().OnlyFor(UpstreamPaths.MediaPostCreate));
        Sim.Faults.Enqueue(Upstream.Token, Fault.CloudflareChallenge().OnlyFor(UpstreamPaths.MediaPostCreate));
        Sim.Faults.Enqueue(Upstream.Token, Fault.ServerError(502).OnlyFor(UpstreamPaths.MediaPostCreate));
        const string Body = """{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":"a cat"}""";

        using var rateLimited = await PostAsync(Body);
        using var challenged = await PostAsync(Body);
        using var failed = await PostAsync(Body);
        using var ok = await PostAsync(Body);

        Assert.Equal(HttpStatusCode.TooManyRequests, rateLimited.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, challenged.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Single(Sim.MediaPosts.All);
        Assert.Equal(4, Sim.RequestCount(Upstream.Token, UpstreamPaths.MediaPostCreate));
    }

    [Fact]
    public async Task Create_ResetFault_DropsTheConnection()
    {
        Sim.Faults.Enqueue(null, Fault.ConnectionReset().OnlyFor(UpstreamPaths.MediaPostCreate));

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("""{"mediaType":"MEDIA_POST_TYPE_VIDEO","prompt":"a cat"}"""));

        var recorded = await Sim.WaitForRequestAsync(r => r.Path == UpstreamPaths.MediaPostCreate && r.IsCompleted, Bound, Ct);
        Assert.True(recorded.ServerAborted);
        Assert.Empty(Sim.MediaPosts.All);
    }

    [Fact]
    public async Task ControlPosts_ListsFiltersAndClears()
    {
        await CreateVideoPostAsync();
        await CreateVideoPostAsync(Upstream.OtherToken);

        using var listed = await ControlAsync(HttpMethod.Get, "/__sim/media/posts?token=" + Upstream.OtherToken);
        var items = JsonNode.Parse(await listed.Content.ReadAsStringAsync(Ct))!.AsArray();
        using var cleared = await ControlAsync(HttpMethod.Delete, "/__sim/media/posts");

        var item = Assert.Single(items)!;
        Assert.Equal(Upstream.OtherToken, item["token"]!.GetValue<string>());
        Assert.Equal(MediaPostTypes.Video, item["mediaType"]!.GetValue<string>());
        Assert.Equal("a cat surfing", item["prompt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Sim.MediaPosts.All);
    }

    [Fact]
    public async Task Reset_ForgetsPosts()
    {
        await CreateVideoPostAsync();

        Sim.Reset();

        Assert.Empty(Sim.MediaPosts.All);
    }
}
