using System.Net;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Video;

namespace Grok2Api.Simulator.Tests;

public sealed class VideoTests : MediaTestBase
{
    private static List<JsonObject> Progress(IEnumerable<JsonObject> responses) =>
        [.. responses.Select(r => r["streamingVideoGenerationResponse"]).OfType<JsonObject>()];

    private async Task<JsonObject> BodyAsync(string message = "a cat surfing --mode=custom", string resolutionName = "480p", int videoLength = 6) =>
        Upstream.VideoBody(message, await CreateVideoPostAsync(), resolutionName: resolutionName, videoLength: videoLength);

    [Fact]
    public async Task Video_Default_StreamsRisingProgressThenTheVideo()
    {
        var body = await BodyAsync(resolutionName: "720p");

        var responses = Responses(await ChatLinesAsync(body));

        var progress = Progress(responses);
        var values = progress.Select(p => p["progress"]!.GetValue<int>()).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(100, values[^1]);
        Assert.True(values.Count >= 3);
        var video = Assert.Single(Sim.Videos.Received);
        var done = progress[^1];
        Assert.Equal(video.VideoId, done["videoId"]!.GetValue<string>());
        Assert.Equal(video.VideoPostId, done["videoPostId"]!.GetValue<string>());
        Assert.Equal($"users/{SimulatedUsers.IdOf(Upstream.Token)}/generated/{video.VideoId}/generated_video.mp4", done["videoUrl"]!.GetValue<string>());
        Assert.Equal($"users/{SimulatedUsers.IdOf(Upstream.Token)}/generated/{video.VideoId}/preview_image.jpg", done["thumbnailImageUrl"]!.GetValue<string>());
        Assert.Equal("720p", done["resolutionName"]!.GetValue<string>());
        Assert.False(done["moderated"]!.GetValue<bool>());
        Assert.All(progress[..^1], p => Assert.Null(p["videoUrl"]));
        Assert.All(progress, p => Assert.Equal(video.VideoId, p["videoId"]!.GetValue<string>()));
        Assert.NotNull(responses.Last()["finalMetadata"]);
    }

    [Fact]
    public async Task Video_IsRecordedWithTheConfigAndTheModeFlag()
    {
        var body = await BodyAsync("a cat surfing --mode=extremely-spicy-or-crazy", videoLength: 10);
        var postId = body["responseMetadata"]!["modelConfigOverride"]!["modelMap"]!["videoGenModelConfig"]!["parentPostId"]!.GetValue<string>();

        await ChatLinesAsync(body);

        var video = Assert.Single(Sim.Videos.Received);
        Assert.Equal(Upstream.Token, video.Token);
        Assert.Equal("a cat surfing --mode=extremely-spicy-or-crazy", video.Message);
        Assert.Equal("a cat surfing", video.Prompt);
        Assert.Equal("extremely-spicy-or-crazy", video.Mode);
        Assert.Equal("grok-3", video.ModelName);
        Assert.Equal("3:2", video.AspectRatio);
        Assert.Equal(postId, video.ParentPostId);
        Assert.Equal("480p", video.ResolutionName);
        Assert.Equal(10, video.VideoLength);
        Assert.Equal(VideoOutcome.Completed, video.Outcome);
        Assert.Same(video, Sim.Videos.FindByVideoId(video.VideoId));
    }

    [Fact]
    public async Task Video_WithoutModeFlag_RecordsNoMode()
    {
        await ChatLinesAsync(await BodyAsync("just a prompt"));

        var video = Assert.Single(Sim.Videos.Received);
        Assert.Null(video.Mode);
        Assert.Equal("just a prompt", video.Prompt);
    }

    [Fact]
    public async Task Video_FinishedVideoAndThumbnail_AreServed()
    {
        await ChatLinesAsync(await BodyAsync());
        var video = Assert.Single(Sim.Videos.Received);

        var mp4 = await DownloadAsync(video.VideoUrl!);
        var thumbnail = await DownloadAsync(video.ThumbnailImageUrl!);

        Assert.Equal("ftyp"u8.ToArray(), mp4[4..8]);
        Assert.Equal(AssetStore.DefaultContent(video.VideoUrl!), mp4);
        Assert.Equal([0xFF, 0xD8], thumbnail[..2]);
    }

    [Fact]
    public async Task Video_ModeratedOutcome_EndsModeratedWithoutUrl()
    {
        Sim.Videos.Enqueue(Upstream.Token, VideoOutcome.Moderated);

        var progress = Progress(Responses(await ChatLinesAsync(await BodyAsync())));

        Assert.True(progress[^1]["moderated"]!.GetValue<bool>());
        Assert.All(progress, p => Assert.Null(p["videoUrl"]));
        Assert.All(progress, p => Assert.Null(p["thumbnailImageUrl"]));
        Assert.Null(Assert.Single(Sim.Videos.Received).VideoUrl);
    }

    [Fact]
    public async Task Video_UrlInFileAttachmentsOutcome_PutsTheUrlOnlyInTheEnvelope()
    {
        Sim.Videos.Enqueue(null, VideoOutcome.UrlInFileAttachments);

        var responses = Responses(await ChatLinesAsync(await BodyAsync()));

        var video = Assert.Single(Sim.Videos.Received);
        var progress = Progress(responses);
        Assert.Equal(100, progress[^1]["progress"]!.GetValue<int>());
        Assert.All(progress, p => Assert.Null(p["videoUrl"]));
        var attachments = responses.Single(r => r.ContainsKey("modelResponse"))["modelResponse"]!["fileAttachments"]!.AsArray();
        Assert.Equal(video.VideoUrl, Assert.Single(attachments)!.GetValue<string>());
        Assert.Equal(AssetStore.DefaultContent(video.VideoUrl!), await DownloadAsync(video.VideoUrl!));
    }

    [Fact]
    public async Task Video_StallOutcome_SendsProgressThenNothingUntilTheClientLeaves()
    {
        Sim.Videos.Enqueue(null, VideoOutcome.Stall);
        using var response = await SendAsync(Upstream.Chat(Upstream.Token, await BodyAsync()));
        using var ndjson = await Ndjson.OpenAsync(response, Ct);

        var seen = new List<JsonNode>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(await ndjson.ReadJsonAsync(Bound, Ct));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ndjson.ReadLineAsync(TimeSpan.FromMilliseconds(300), Ct));
        Assert.Equal(25, seen[3]["result"]!["response"]!["streamingVideoGenerationResponse"]!["progress"]!.GetValue<int>());
        response.Dispose();
        var recorded = await Sim.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew && r.ClientAborted, Bound, Ct);
        Assert.Null(recorded.FaultApplied);
    }

    public static TheoryData<string> BadVideos => new()
    {
        "videoGen false",
        "fileAttachments not empty",
        "aspect ratio",
        "resolution",
        "length",
        "length fraction",
        "parent missing",
        "parent unknown",
    };

    [Theory]
    [MemberData(nameof(BadVideos))]
    public async Task Video_BadBody_Returns400AndRecordsNothing(string defect)
    {
        var body = await BodyAsync();
        var config = body["responseMetadata"]!["modelConfigOverride"]!["modelMap"]!["videoGenModelConfig"]!.AsObject();
        switch (defect)
        {
            case "videoGen false": body["toolOverrides"] = new JsonObject { ["videoGen"] = false }; break;
            case "fileAttachments not empty": body["fileAttachments"] = new JsonArray("file-1"); break;
            case "aspect ratio": config["aspectRatio"] = "4:3"; break;
            case "resolution": config["resolutionName"] = "1080p"; break;
            case "length": config["videoLength"] = 7; break;
            case "length fraction": config["videoLength"] = 6.5; break;
            case "parent missing": config.Remove("parentPostId"); break;
            default: config["parentPostId"] = "no-such-post"; break;
        }

        await AssertRefusedAsync(body);

        Assert.Empty(Sim.Videos.Received);
    }

    [Fact]
    public async Task Video_FaultsForConversations_ApplyBeforeAnyProgress()
    {
        var body = await BodyAsync();
        Sim.Faults.Enqueue(Upstream.Token, Fault.RateLimited("5").OnlyFor(UpstreamPaths.ConversationsNew));
        Sim.Faults.Enqueue(Upstream.Token, Fault.ConnectionReset(afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));

        using var rateLimited = await SendAsync(Upstream.Chat(Upstream.Token, body));
        using var reset = await SendAsync(Upstream.Chat(Upstream.Token, body));
        using var ndjson = await Ndjson.OpenAsync(reset, Ct);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await ndjson.ReadLineAsync(Bound, Ct));
        }

        var error = await Record.ExceptionAsync(() => ndjson.ReadLineAsync(Bound, Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, rateLimited.StatusCode);
        Assert.True(error is HttpRequestException or IOException, error?.ToString());
    }

    [Fact]
    public async Task Video_PlainChat_IsUnchanged()
    {
        var responses = Responses(await ChatLinesAsync(Upstream.ChatBody("hello")));

        Assert.Equal("You said: hello", responses.Single(r => r.ContainsKey("modelResponse"))["modelResponse"]!["message"]!.GetValue<string>());
        Assert.Empty(Sim.Videos.Received);
        Assert.Empty(Sim.ImageEdits.Received);
    }

    [Fact]
    public async Task ControlVideos_QueuesOutcomesListsAndClears()
    {
        using var queued = await ControlAsync(HttpMethod.Post, "/__sim/videos/outcomes", """{"outcome":"moderated"}""");
        using var bad = await ControlAsync(HttpMethod.Post, "/__sim/videos/outcomes", """{"outcome":"exploded"}""");
        await ChatLinesAsync(await BodyAsync());

        using var listed = await ControlAsync(HttpMethod.Get, "/__sim/videos");
        var item = Assert.Single(JsonNode.Parse(await listed.Content.ReadAsStringAsync(Ct))!.AsArray())!;
        using var other = await ControlAsync(HttpMethod.Get, "/__sim/videos?token=" + Upstream.OtherToken);
        using var cleared = await ControlAsync(HttpMethod.Delete, "/__sim/videos");

        Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Moderated", item["outcome"]!.GetValue<string>());
        Assert.Equal("custom", item["mode"]!.GetValue<string>());
        Assert.Equal(6, item["videoLength"]!.GetValue<int>());
        Assert.Empty(JsonNode.Parse(await other.Content.ReadAsStringAsync(Ct))!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Sim.Videos.Received);
    }

    [Fact]
    public async Task Reset_ForgetsVideosAndQueuedOutcomes()
    {
        await ChatLinesAsync(await BodyAsync());
        Sim.Videos.Enqueue(null, VideoOutcome.Stall);

        Sim.Reset();

        Assert.Empty(Sim.Videos.Received);
        Assert.Equal(0, Sim.Videos.PendingCount);
    }
}
