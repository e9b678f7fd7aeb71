using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Media;

namespace Grok2Api.Proxy.FunctionalTests.Video;

/// <summary>
/// grok-imagine-1.0-video through /v1/chat/completions, end to end over real Kestrel and the simulator:
/// the upstream sequence (media post or upload + image post, then the videoGen conversation), the
/// upscale for 720p on basic accounts only, the cached video behind the link, progress as reasoning,
/// each app.video_format, and the quota of the model table.
/// </summary>
public sealed class VideoChatTests
{
    [Fact]
    public async Task TextToVideo_SendsVideoPostAndConversation_LinkDownloadsTheSimulatorsVideo_NoUpscaleAt480p()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("a cat surfing", new JsonObject { ["aspect_ratio"] = "1280x720", ["preset"] = "spicy" }), ct);
        var content = await VideoTesting.ContentAsync(response, ct);

        var post = Assert.Single(env.Simulator.MediaPosts.All);
        Assert.Equal(MediaPostTypes.Video, post.MediaType);
        Assert.Equal("a cat surfing", post.Prompt);
        var video = Assert.Single(env.Simulator.Videos.Received);
        Assert.Equal(post.Id, video.ParentPostId);
        Assert.Equal(("16:9", "480p", 6, "extremely-spicy-or-crazy"), (video.AspectRatio, video.ResolutionName, video.VideoLength, video.Mode));
        Assert.Equal("a cat surfing", video.Prompt);
        Assert.Empty(env.Simulator.Uploads.All);
        Assert.Empty(env.Simulator.Upscales.Calls);

        // html (the default): the video element with the cached thumbnail as poster.
        Assert.StartsWith("<video id=\"video\" controls preload=\"none\" poster=\"", content, StringComparison.Ordinal);
        Assert.Contains("/v1/files/image/", content, StringComparison.Ordinal);
        using var file = await env.Http.GetAsync(VideoTesting.VideoLink(content), ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("video/mp4", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(VideoTesting.AssetBytes(video.VideoUrl!), await file.Content.ReadAsByteArrayAsync(ct));

        // Quota per the model table: 4 units, once, for the completed request.
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota - 4, env.View(token).Quota);
    }

    [Fact]
    public async Task At720pOnABasicToken_TheVideoIsUpscaled_AndTheLinkServesTheHdBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"url\"");
        await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("waves", new JsonObject { ["resolution_name"] = "720p" }), ct);
        var content = await VideoTesting.ContentAsync(response, ct);

        var video = Assert.Single(env.Simulator.Videos.Received);
        var upscale = Assert.Single(env.Simulator.Upscales.Calls);
        Assert.Equal(video.VideoId, upscale.VideoId);
        using var file = await env.Http.GetAsync(new Uri(content), ct);
        Assert.Equal(VideoTesting.AssetBytes(VideoTesting.HdPath(video.VideoUrl!)), await file.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task UpscaleFailure_KeepsTheOriginalVideo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"url\"");
        await env.AddTokenAsync(ct);
        env.Simulator.Upscales.Enqueue(null, Simulator.Video.UpscaleOutcome.ServerError);

        using var response = await env.PostAsync(VideoTesting.ChatBody("waves", new JsonObject { ["resolution_name"] = "720p" }), ct);
        var content = await VideoTesting.ContentAsync(response, ct);

        var video = Assert.Single(env.Simulator.Videos.Received);
        using var file = await env.Http.GetAsync(new Uri(content), ct);
        Assert.Equal(VideoTesting.AssetBytes(video.VideoUrl!), await file.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task HdOrLongVideos_PreferSuper_WithoutUpscale_ShortOnesPreferBasic()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var basic = await env.AddTokenAsync(ct);
        var super = await env.AddSuperTokenAsync(ct);

        using (var hd = await env.PostAsync(VideoTesting.ChatBody("hd", new JsonObject { ["resolution_name"] = "720p" }), ct))
        {
            await VideoTesting.ContentAsync(hd, ct);
        }

        using (var longer = await env.PostAsync(VideoTesting.ChatBody("long", new JsonObject { ["video_length"] = 10 }), ct))
        {
            await VideoTesting.ContentAsync(longer, ct);
        }

        using (var plain = await env.PostAsync(VideoTesting.ChatBody("plain"), ct))
        {
            await VideoTesting.ContentAsync(plain, ct);
        }

        var received = env.Simulator.Videos.Received;
        Assert.Equal([super, super, basic], received.Select(r => r.Token));
        Assert.Equal(10, received[1].VideoLength);
        Assert.Empty(env.Simulator.Upscales.Calls);
    }

    [Fact]
    public async Task HdVideo_FallsBackToBasic_WhenNoSuperTokenCanServe_AndIsUpscaled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var basic = await env.AddTokenAsync(ct);
        var super = await env.AddSuperTokenAsync(ct);
        env.Simulator.Faults.Enqueue(super, Fault.RateLimited().OnlyFor(UpstreamPaths.MediaPostCreate));

        using var response = await env.PostAsync(VideoTesting.ChatBody("hd", new JsonObject { ["resolution_name"] = "720p" }), ct);
        await VideoTesting.ContentAsync(response, ct);

        Assert.Equal(basic, Assert.Single(env.Simulator.Videos.Received).Token);
        Assert.Equal(basic, Assert.Single(env.Simulator.Upscales.Calls).Token);
        await env.SettledAsync(ct);
    }

    [Fact]
    public async Task ImageToVideo_UploadsTheImage_AndHangsTheVideoFromAnImagePost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("make it move", imageUrl: "data:image/png;base64," + Convert.ToBase64String(VideoTesting.Png)), ct);
        await VideoTesting.ContentAsync(response, ct);

        var upload = Assert.Single(env.Simulator.Uploads.All);
        Assert.Equal(token, upload.Token);
        Assert.Equal(VideoTesting.Png, upload.Content.ToArray());
        var post = Assert.Single(env.Simulator.MediaPosts.All);
        Assert.Equal(MediaPostTypes.Image, post.MediaType);
        Assert.EndsWith("/" + upload.FileUri.TrimStart('/'), post.MediaUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("//users", post.MediaUrl, StringComparison.Ordinal);
        var video = Assert.Single(env.Simulator.Videos.Received);
        Assert.Equal(post.Id, video.ParentPostId);
        Assert.Equal("make it move", video.Prompt);
    }

    [Fact]
    public async Task ImageToVideo_WithOnlyAnImage_NoText_IsServed_TheUpstreamGetsTheModeFlagAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var body = VideoTesting.ChatBody("unused", imageUrl: "data:image/png;base64," + Convert.ToBase64String(VideoTesting.Png));
        var content = (JsonArray)body["messages"]![0]!["content"]!;
        content.RemoveAt(0);

        using var response = await env.PostAsync(body, ct);
        VideoTesting.VideoLink(await VideoTesting.ContentAsync(response, ct));

        Assert.Equal(VideoTesting.Png, Assert.Single(env.Simulator.Uploads.All).Content.ToArray());
        var post = Assert.Single(env.Simulator.MediaPosts.All);
        Assert.Equal(MediaPostTypes.Image, post.MediaType);
        var video = Assert.Single(env.Simulator.Videos.Received);
        Assert.Equal(post.Id, video.ParentPostId);
        Assert.Equal(string.Empty, video.Prompt);
        Assert.Equal(" --mode=custom", video.Message);
    }

    [Fact]
    public async Task VideoWithNeitherTextNorImage_Is400EmptyPrompt_NothingSentUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("  "), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty_prompt", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Empty(env.Simulator.MediaPosts.All);
    }

    [Fact]
    public async Task Stream_WithThinking_ShowsProgressAsReasoning_ThenTheVideo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"markdown\"");
        await env.AddTokenAsync(ct);

        var transcript = await env.StreamAsync(VideoTesting.ChatBody("rain", stream: true), ct);

        Assert.Contains("Generating video: 25%", transcript.Reasoning, StringComparison.Ordinal);
        Assert.Contains("Generating video: 100%", transcript.Reasoning, StringComparison.Ordinal);
        Assert.StartsWith("[video](http", transcript.Content, StringComparison.Ordinal);
        Assert.EndsWith(")", transcript.Content, StringComparison.Ordinal);
        Assert.True(transcript.EndsWithDone);
    }

    [Fact]
    public async Task Stream_WithoutThinking_SendsOnlyTheVideo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"url\"");
        await env.AddTokenAsync(ct);

        var transcript = await env.StreamAsync(VideoTesting.ChatBody("rain", stream: true, reasoningEffort: "none"), ct);

        Assert.Equal("", transcript.Reasoning);
        Assert.StartsWith("http", transcript.Content, StringComparison.Ordinal);
        Assert.Contains("/v1/files/video/", transcript.Content, StringComparison.Ordinal);
        Assert.True(transcript.EndsWithDone);
    }

    [Fact]
    public async Task AVideoUrlOnlyInTheFileAttachments_IsFoundToo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"url\"");
        await env.AddTokenAsync(ct);
        env.Simulator.Videos.Enqueue(null, Simulator.Video.VideoOutcome.UrlInFileAttachments);

        using var response = await env.PostAsync(VideoTesting.ChatBody("later versions"), ct);
        var content = await VideoTesting.ContentAsync(response, ct);

        var video = Assert.Single(env.Simulator.Videos.Received);
        using var file = await env.Http.GetAsync(new Uri(content), ct);
        Assert.Equal(VideoTesting.AssetBytes(video.VideoUrl!), await file.Content.ReadAsByteArrayAsync(ct));
    }

    [Theory]
    [InlineData("""{"video_length":7}""", "video_config.video_length")]
    [InlineData("""{"resolution_name":"1080p"}""", "video_config.resolution_name")]
    [InlineData("""{"aspect_ratio":"4:3"}""", "video_config.aspect_ratio")]
    [InlineData("""{"preset":"wild"}""", "video_config.preset")]
    [InlineData("""{"preset":3}""", "video_config.preset")]
    public async Task InvalidVideoConfig_Is400NamingTheField(string config, string param)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await env.PostAsync(VideoTesting.ChatBody("x", (JsonObject)JsonNode.Parse(config)!), ct);

        Assert.Equal(param, await VideoTesting.ErrorParamAsync(response, HttpStatusCode.BadRequest, ct));
        Assert.Empty(env.Simulator.MediaPosts.All);
    }

    [Theory]
    [InlineData("preset")]
    [InlineData("aspect_ratio")]
    public async Task AVideoConfigStringThatDoesNotDecode_Is400(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var json = "{\"model\":\"" + VideoTesting.Model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"video_config\":{\"" + field + "\":\"\\ud800\"}}";

        using var response = await env.PostRawAsync(json, ct);

        Assert.Equal("video_config." + field, await VideoTesting.ErrorParamAsync(response, HttpStatusCode.BadRequest, ct));
    }

    [Fact]
    public async Task ALargePrompt_IsServed_WithinTheTestBound()
    {
        // Every text step of the request is linear in its input: a 300 KB prompt goes through quickly.
        // (Not 1 MB: media/post/create echoes the prompt, and its answer is read up to 1 MiB.)
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "video_format = \"url\"");
        await env.AddTokenAsync(ct);
        var prompt = new string('a', 300 * 1024);

        using var response = await env.PostAsync(VideoTesting.ChatBody(prompt), ct);
        await VideoTesting.ContentAsync(response, ct);

        Assert.Equal(prompt.Length, Assert.Single(env.Simulator.Videos.Received).Prompt.Length);
    }
}
