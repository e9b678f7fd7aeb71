using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Video;
using Grok2Api.Tests.Common;
using Pair = Grok2Api.Proxy.FunctionalTests.Tasks.TasksAcrossInstancesTests.Pair;

namespace Grok2Api.Proxy.FunctionalTests.Video;

/// <summary>
/// The Videos API on two gateways sharing one store (docs/adr/0007), as instances behind a load balancer: a job
/// created on A is read, listed and downloaded through B; a delete through B stops the job running on A; and while the
/// store is down A's jobs run on and B learns their end once it is back. Only A holds a token, so every video is made
/// by A.
/// </summary>
public sealed class VideoJobsAcrossInstancesTests
{
    // Links use the creating request's host (app_url empty); a stalled video stays in progress for a minute.
    private const string Settings = "[app]\napp_url = \"\"\n\n[video]\ntimeout = 30\nstream_timeout = 60\nconcurrent = 10\njob_retention = 3600\n";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AJobCreatedOnA_IsRead_Listed_AndDownloaded_ThroughB()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct, Settings);
        await pair.AdminA.AddAsync("ssoBasic", [TestTokens.New("v")], ct);

        var created = await CreateAsync(pair.A, "a fox crossing instances", ct);
        var id = created.GetProperty("id").GetString()!;

        // B knows the job at once: the record is written before the id is handed out.
        var early = await GetAsync(pair.B, id, ct);
        Assert.Equal(id, early.GetProperty("id").GetString());
        Assert.Equal(VideoTesting.Model, early.GetProperty("model").GetString());
        Assert.Equal("a fox crossing instances", early.GetProperty("prompt").GetString());
        Assert.Contains(early.GetProperty("status").GetString(), new[] { "queued", "in_progress", "completed" });

        var done = await WaitEndedAsync(pair.B, id, ct);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        Assert.Equal(VideoTesting.Model, done.GetProperty("model").GetString());
        Assert.Equal("a fox crossing instances", done.GetProperty("prompt").GetString());
        Assert.Equal(created.GetProperty("created_at").GetInt64(), done.GetProperty("created_at").GetInt64());

        var list = await pair.B.Client.GetFromJsonAsync<JsonElement>("/v1/videos", ct);
        var listed = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal((id, "completed"), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString()));

        // B does not hold the file: it redirects to the media URL of A, which serves the video's bytes.
        var video = Assert.Single(pair.Simulator.Videos.Received);
        var expected = VideoTesting.AssetBytes(video.VideoUrl!);
        using var noRedirects = pair.B.CreateClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var throughB = await noRedirects.GetAsync($"/v1/videos/{id}/content", ct);
        Assert.Equal(HttpStatusCode.Redirect, throughB.StatusCode);
        var location = throughB.Headers.Location!;
        Assert.Equal(pair.A.BaseAddress.Authority, location.Authority);
        Assert.Contains("/v1/files/video/", location.AbsolutePath, StringComparison.Ordinal);
        using var followed = await pair.B.CreateClient().GetAsync($"/v1/videos/{id}/content", ct);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(expected, await followed.Content.ReadAsByteArrayAsync(ct));

        // A serves the same bytes itself.
        using var onA = await pair.A.Client.GetAsync($"/v1/videos/{id}/content", ct);
        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
        Assert.Equal("video/mp4", onA.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, await onA.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task ARunningJobDeletedThroughB_StopsOnA_AndIsGoneOnBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct, Settings);
        await pair.AdminA.AddAsync("ssoBasic", [TestTokens.New("d")], ct);
        pair.Simulator.Videos.Enqueue(null, VideoOutcome.Stall);

        var id = (await CreateAsync(pair.A, "never ends", ct)).GetProperty("id").GetString()!;
        var running = await Eventually.PollAsync(
            () => GetAsync(pair.B, id, ct),
            v => v.GetProperty("status").GetString() == "in_progress" && v.GetProperty("progress").GetInt32() > 0,
            Bound,
            ct);
        Assert.InRange(running.GetProperty("progress").GetInt32(), 1, 99);
        var upstream = await pair.Simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew, Bound, ct);
        Assert.False(upstream.ClientAborted);

        using var deleted = await pair.B.Client.DeleteAsync($"/v1/videos/{id}", ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var deletion = await deleted.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal((id, "video.deleted", true), (deletion.GetProperty("id").GetString(), deletion.GetProperty("object").GetString(), deletion.GetProperty("deleted").GetBoolean()));

        // A reads the mark within its watch interval and aborts the upstream request.
        var aborted = await pair.Simulator.WaitForRequestAsync(r => r.Id == upstream.Id && r.ClientAborted, TimeSpan.FromSeconds(12), ct);
        Assert.True(aborted.ClientAborted);

        foreach (var host in new[] { pair.A, pair.B })
        {
            using var missing = await host.Client.GetAsync($"/v1/videos/{id}", ct);
            await OpenAiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "invalid_request_error", "video_not_found", ct);
            var list = await host.Client.GetFromJsonAsync<JsonElement>("/v1/videos", ct);
            Assert.Empty(list.GetProperty("data").EnumerateArray());
        }

        // The deleted job was not retried elsewhere.
        Assert.Single(pair.Simulator.Videos.Received);
    }

    [Fact]
    public async Task WhileTheStoreIsDown_JobsOnA_RunToCompletion_AndBSeesThemOnceItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await Pair.StartAsync(ct, Settings);
        await pair.AdminA.AddAsync("ssoBasic", [TestTokens.New("o")], ct);
        pair.Simulator.Faults.SetPersistent(null, Fault.Delay(TimeSpan.FromMilliseconds(1500)).OnlyFor(UpstreamPaths.ConversationsNew));

        var before = (await CreateAsync(pair.A, "begun before the outage", ct)).GetProperty("id").GetString()!;
        var seen = await GetAsync(pair.B, before, ct);
        Assert.NotEqual("completed", seen.GetProperty("status").GetString());

        pair.Store.Down = true;
        var during = (await CreateAsync(pair.A, "begun during the outage", ct)).GetProperty("id").GetString()!;

        // A answers for both from memory and they complete while the store cannot be reached.
        foreach (var id in new[] { before, during })
        {
            var done = await WaitEndedAsync(pair.A, id, ct);
            Assert.Equal("completed", done.GetProperty("status").GetString());
            Assert.Equal(100, done.GetProperty("progress").GetInt32());
        }

        var listedOnA = await pair.A.Client.GetFromJsonAsync<JsonElement>("/v1/videos?order=asc", ct);
        Assert.Equal([before, during], listedOnA.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        using (var content = await pair.A.Client.GetAsync($"/v1/videos/{during}/content", ct))
        {
            Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        }

        pair.Store.Down = false;

        // Once the store answers, A writes the latest state of each job and B reads them completed.
        foreach (var (id, prompt) in new[] { (before, "begun before the outage"), (during, "begun during the outage") })
        {
            var onB = await Eventually.PollAsync(
                async () =>
                {
                    using var response = await pair.B.Client.GetAsync($"/v1/videos/{id}", ct);
                    return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : default;
                },
                v => v.ValueKind == JsonValueKind.Object && v.GetProperty("status").GetString() == "completed",
                TimeSpan.FromSeconds(10),
                ct);
            Assert.Equal(prompt, onB.GetProperty("prompt").GetString());
            Assert.Equal(100, onB.GetProperty("progress").GetInt32());
        }

        var listedOnB = await pair.B.Client.GetFromJsonAsync<JsonElement>("/v1/videos?order=asc", ct);
        Assert.Equal([before, during], listedOnB.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.All(listedOnB.GetProperty("data").EnumerateArray(), v => Assert.Equal("completed", v.GetProperty("status").GetString()));
        Assert.Equal(2, pair.Simulator.Videos.Received.Count);
    }

    private static async Task<JsonElement> CreateAsync(GatewayHost host, string prompt, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { prompt });
        using var response = await host.Client.PostAsync("/v1/videos", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(GatewayHost host, string id, CancellationToken ct)
    {
        using var response = await host.Client.GetAsync($"/v1/videos/{id}", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v1/videos/{id} on {host.BaseAddress}: expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<JsonElement> WaitEndedAsync(GatewayHost host, string id, CancellationToken ct) =>
        Eventually.PollAsync(
            () => GetAsync(host, id, ct),
            v => v.GetProperty("status").GetString() is "completed" or "failed",
            Bound,
            ct);
}
