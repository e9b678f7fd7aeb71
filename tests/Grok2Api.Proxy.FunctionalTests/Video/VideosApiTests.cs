using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Media;
using Grok2Api.Simulator.Video;
using OpenAI.Videos;

namespace Grok2Api.Proxy.FunctionalTests.Video;

/// <summary>
/// The OpenAI Videos API over real Kestrel and the simulator: the official SDK's VideoClient (its
/// protocol methods: OpenAI 2.15 has no typed video models) and raw HTTP, multipart and JSON create,
/// polling to completed, content with Range, list, delete, 404s, and a job that outlives its client.
/// </summary>
public sealed class VideosApiTests
{
    [Fact]
    public async Task Sdk_MultipartCreate_RunsToCompleted_AndTheContentIsTheSimulatorsVideo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
#pragma warning disable OPENAI001 // The SDK marks its video client as experimental.
        var client = new VideoClient(new ApiKeyCredential("sk-any"), new VideoClientOptions
        {
            Endpoint = new Uri(env.Gateway.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("grok-imagine-1.0-video"), "model");
        form.Add(new StringContent("a fox in snow"), "prompt");
        form.Add(new StringContent("8"), "seconds");
        form.Add(new StringContent("720x1280"), "size");
        var image = new ByteArrayContent(VideoTesting.Png);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "input_reference", "ref.png");
        var bytes = await form.ReadAsByteArrayAsync(ct);

        var created = await client.CreateVideoAsync(BinaryContent.Create(BinaryData.FromBytes(bytes)), form.Headers.ContentType!.ToString(), new RequestOptions { CancellationToken = ct });
        using var createdJson = JsonDocument.Parse(created.GetRawResponse().Content);
        var id = createdJson.RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith("video_", id, StringComparison.Ordinal);
        Assert.Equal("video", createdJson.RootElement.GetProperty("object").GetString());
        Assert.Equal("10", createdJson.RootElement.GetProperty("seconds").GetString());
        Assert.Equal("720x1280", createdJson.RootElement.GetProperty("size").GetString());

        var status = await Eventually.PollAsync(
            async () =>
            {
                var result = await client.GetVideoAsync(id, new RequestOptions { CancellationToken = ct });
                using var json = JsonDocument.Parse(result.GetRawResponse().Content);
                return json.RootElement.GetProperty("status").GetString();
            },
            s => s is "completed" or "failed",
            TimeSpan.FromSeconds(20),
            ct);
        Assert.Equal("completed", status);

        var content = await client.DownloadVideoAsync(id, "video", new RequestOptions { CancellationToken = ct });
#pragma warning restore OPENAI001
        var video = Assert.Single(env.Simulator.Videos.Received);
        // 720x1280 is 9:16 at 720p; 8 s becomes 10 s; the image went up as upload + image post on the same account.
        Assert.Equal(("9:16", "720p", 10), (video.AspectRatio, video.ResolutionName, video.VideoLength));
        Assert.Equal(token, Assert.Single(env.Simulator.Uploads.All).Token);
        Assert.Equal(MediaPostTypes.Image, Assert.Single(env.Simulator.MediaPosts.All).MediaType);
        // A basic token at 720p: the upscaled video is the content.
        Assert.Single(env.Simulator.Upscales.Calls);
        Assert.Equal(VideoTesting.AssetBytes(VideoTesting.HdPath(video.VideoUrl!)), content.GetRawResponse().Content.ToArray());
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.DefaultQuota - 4, env.View(token).Quota);
    }

    [Fact]
    public async Task JsonCreate_Completes_ContentServesRanges_AndTheThumbnail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);

        var job = await CreateJsonAsync(env, new JsonObject { ["prompt"] = "clouds", ["seconds"] = 4 }, ct);
        Assert.Equal("queued", job.GetProperty("status").GetString());
        Assert.Equal("6", job.GetProperty("seconds").GetString());
        Assert.Equal("720x480", job.GetProperty("size").GetString());
        var id = job.GetProperty("id").GetString()!;
        var done = await WaitAsync(env, id, ct);
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        Assert.True(done.GetProperty("completed_at").GetInt64() >= done.GetProperty("created_at").GetInt64());
        Assert.True(done.GetProperty("expires_at").GetInt64() > done.GetProperty("completed_at").GetInt64());

        var video = Assert.Single(env.Simulator.Videos.Received);
        Assert.Equal(("3:2", "480p", 6), (video.AspectRatio, video.ResolutionName, video.VideoLength));
        Assert.Equal(MediaPostTypes.Video, Assert.Single(env.Simulator.MediaPosts.All).MediaType);
        var expected = VideoTesting.AssetBytes(video.VideoUrl!);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/videos/{id}/content");
        request.Headers.Range = new RangeHeaderValue(2, 9);
        using var partial = await env.Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("video/mp4", partial.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected[2..10], await partial.Content.ReadAsByteArrayAsync(ct));

        using var thumbnail = await env.Http.GetAsync($"/v1/videos/{id}/content?variant=thumbnail", ct);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal(VideoTesting.AssetBytes(video.ThumbnailImageUrl!), await thumbnail.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task List_Pages_Delete_Removes_UnknownIdsAre404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateJsonAsync(env, new JsonObject { ["prompt"] = "n" + i }, ct)).GetProperty("id").GetString()!);
        }

        var first = await env.Http.GetFromJsonAsync<JsonElement>("/v1/videos?limit=2", ct);
        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1], first.GetProperty("last_id").GetString());
        var second = await env.Http.GetFromJsonAsync<JsonElement>($"/v1/videos?limit=2&after={ids[1]}", ct);
        Assert.Equal([ids[0]], second.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var ascending = await env.Http.GetFromJsonAsync<JsonElement>("/v1/videos?order=asc", ct);
        Assert.Equal(ids, ascending.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));

        using var deleted = await env.Http.DeleteAsync($"/v1/videos/{ids[0]}", ct);
        var deletion = await deleted.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(("video.deleted", true), (deletion.GetProperty("object").GetString(), deletion.GetProperty("deleted").GetBoolean()));
        foreach (var path in new[] { $"/v1/videos/{ids[0]}", $"/v1/videos/{ids[0]}/content", "/v1/videos/video_unknown" })
        {
            using var missing = await env.Http.GetAsync(path, ct);
            var error = await OpenAiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "invalid_request_error", "video_not_found", ct);
            Assert.Equal("video_id", error.GetProperty("param").GetString());
        }

        using var again = await env.Http.DeleteAsync($"/v1/videos/{ids[0]}", ct);
        await OpenAiAssert.ErrorAsync(again, HttpStatusCode.NotFound, "invalid_request_error", "video_not_found", ct);
        await Task.WhenAll(ids.Skip(1).Select(id => WaitAsync(env, id, ct)));
        await env.SettledAsync(ct);
    }

    [Fact]
    public async Task TheJob_SurvivesTheClientThatCreatedIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);
        // The conversation starts late, so the creating client is long gone when the video is made.
        env.Simulator.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromSeconds(1)).OnlyFor(UpstreamPaths.ConversationsNew));
        string id;
        using (var creator = env.Gateway.CreateClient())
        {
            using var response = await creator.PostAsync("/v1/videos", new StringContent("""{"prompt":"late"}""", Encoding.UTF8, "application/json"), ct);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        }

        var done = await WaitAsync(env, id, ct);
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AModeratedVideo_FailsTheJob_WithTheContentPolicyCode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTwoTokensAsync(ct);
        env.Simulator.Videos.Enqueue(null, VideoOutcome.Moderated);

        var id = (await CreateJsonAsync(env, new JsonObject { ["prompt"] = "no" }, ct)).GetProperty("id").GetString()!;
        var done = await WaitAsync(env, id, ct);

        Assert.Equal("failed", done.GetProperty("status").GetString());
        Assert.Equal("content_policy_violation", done.GetProperty("error").GetProperty("code").GetString());
        Assert.Single(env.Simulator.Videos.Received);
        using var content = await env.Http.GetAsync($"/v1/videos/{id}/content", ct);
        await OpenAiAssert.ErrorAsync(content, HttpStatusCode.BadRequest, "invalid_request_error", "video_not_ready", ct);
    }

    [Fact]
    public async Task AJob_MovesToTheNextAccount_OnA429()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        var (first, second) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Faults.Enqueue(first, Fault.RateLimited().OnlyFor(UpstreamPaths.ConversationsNew));

        var id = (await CreateJsonAsync(env, new JsonObject { ["prompt"] = "retry me" }, ct)).GetProperty("id").GetString()!;
        var done = await WaitAsync(env, id, ct);

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(second, Assert.Single(env.Simulator.Videos.Received).Token);
        await env.SettledAsync(ct);
        Assert.Equal(ChatEnvironment.SecondQuota - 4, env.View(second).Quota);
    }

    [Fact]
    public async Task Jobs_WaitForAVideoSlot_QueuedUntilTheRunningOneEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, concurrent: 1);
        await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(null, Fault.Delay(TimeSpan.FromSeconds(2)).OnlyFor(UpstreamPaths.ConversationsNew));

        var firstId = (await CreateJsonAsync(env, new JsonObject { ["prompt"] = "one" }, ct)).GetProperty("id").GetString()!;
        var running = await Eventually.PollAsync(
            async () => await env.Http.GetFromJsonAsync<JsonElement>($"/v1/videos/{firstId}", ct),
            v => v.GetProperty("status").GetString() != "queued",
            TimeSpan.FromSeconds(10),
            ct);
        Assert.Equal("in_progress", running.GetProperty("status").GetString());
        var secondId = (await CreateJsonAsync(env, new JsonObject { ["prompt"] = "two" }, ct)).GetProperty("id").GetString()!;
        var waiting = await env.Http.GetFromJsonAsync<JsonElement>($"/v1/videos/{secondId}", ct);

        Assert.Equal("queued", waiting.GetProperty("status").GetString());
        Assert.Equal("completed", (await WaitAsync(env, firstId, ct)).GetProperty("status").GetString());
        Assert.Equal("completed", (await WaitAsync(env, secondId, ct)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"prompt":"x","seconds":"20"}""", 400, "seconds")]
    [InlineData("""{"prompt":"x","seconds":"abc"}""", 400, "seconds")]
    [InlineData("""{"prompt":"x","size":"640x640"}""", 400, "size")]
    [InlineData("""{"prompt":""}""", 400, "prompt")]
    [InlineData("""{"prompt":1}""", 400, "prompt")]
    [InlineData("""{"prompt":"\ud800"}""", 400, "prompt")]
    [InlineData("""{"prompt":"x","model":"\udc00"}""", 400, "model")]
    [InlineData("""{"prompt":"x","input_reference":{"image_url":"\ud800"}}""", 400, "input_reference.image_url")]
    [InlineData("""{"prompt":"x","model":"grok-4"}""", 400, "model")]
    [InlineData("""{"prompt":"x","model":"sora-9"}""", 404, "model")]
    [InlineData("""{"prompt":"x","input_reference":{"file_id":"file-1"}}""", 400, "input_reference.file_id")]
    [InlineData("""{"prompt":"x","input_reference":"data:image/png;base64,@@"}""", 400, "input_reference")]
    public async Task BadCreate_Is4xxNamingTheParameter(string body, int status, string param)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await env.Http.PostAsync("/v1/videos", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(param, await VideoTesting.ErrorParamAsync(response, (HttpStatusCode)status, ct));
        Assert.Empty(env.Simulator.MediaPosts.All);
    }

    [Fact]
    public async Task AnInputReferenceWithoutPrompt_IsImageToVideo_InAFormAndInJson()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        await env.AddTokenAsync(ct);
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(VideoTesting.Png);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "input_reference", "ref.png");
        using var created = await env.Http.PostAsync("/v1/videos", form, ct);
        var text = await created.Content.ReadAsStringAsync(ct);
        Assert.True(created.StatusCode == HttpStatusCode.OK, text);
        var formJob = JsonDocument.Parse(text).RootElement;
        Assert.Equal(string.Empty, formJob.GetProperty("prompt").GetString());
        Assert.Equal("completed", (await WaitAsync(env, formJob.GetProperty("id").GetString()!, ct)).GetProperty("status").GetString());

        var jsonJob = await CreateJsonAsync(env, new JsonObject { ["input_reference"] = "data:image/png;base64," + Convert.ToBase64String(VideoTesting.Png) }, ct);
        Assert.Equal("completed", (await WaitAsync(env, jsonJob.GetProperty("id").GetString()!, ct)).GetProperty("status").GetString());

        Assert.Equal(2, env.Simulator.Uploads.All.Count);
        Assert.All(env.Simulator.MediaPosts.All, post => Assert.Equal(MediaPostTypes.Image, post.MediaType));
        Assert.All(env.Simulator.Videos.Received, video => Assert.Equal((string.Empty, " --mode=custom"), (video.Prompt, video.Message)));
    }

    [Fact]
    public async Task MultipartWithoutPrompt_OrWithATextFile_Is400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct);
        using var noPrompt = new MultipartFormDataContent { { new StringContent("6"), "seconds" } };
        using var response = await env.Http.PostAsync("/v1/videos", noPrompt, ct);
        Assert.Equal("prompt", await VideoTesting.ErrorParamAsync(response, HttpStatusCode.BadRequest, ct));

        var text = new ByteArrayContent("hello"u8.ToArray());
        text.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var withText = new MultipartFormDataContent { { new StringContent("p"), "prompt" }, { text, "input_reference", "a.txt" } };
        using var refused = await env.Http.PostAsync("/v1/videos", withText, ct);
        Assert.Equal("input_reference", await VideoTesting.ErrorParamAsync(refused, HttpStatusCode.BadRequest, ct));

        // A "filename*" parameter without a value makes ASP.NET Core's form reader throw: still a 400.
        var valuelessStar = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"input_reference\"; filename*\r\n\r\nx\r\n--b--\r\n"u8.ToArray());
        valuelessStar.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using var broken = await env.Http.PostAsync("/v1/videos", valuelessStar, ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("invalid_form", JsonDocument.Parse(await broken.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    internal static async Task<JsonElement> CreateJsonAsync(ChatEnvironment env, JsonObject body, CancellationToken ct)
    {
        using var response = await env.Http.PostAsync("/v1/videos", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static Task<JsonElement> WaitAsync(ChatEnvironment env, string id, CancellationToken ct) =>
        Eventually.PollAsync(
            async () => await env.Http.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}", ct),
            v => v.GetProperty("status").GetString() is "completed" or "failed",
            TimeSpan.FromSeconds(20),
            ct);
}
