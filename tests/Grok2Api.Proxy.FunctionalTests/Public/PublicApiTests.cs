using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Video;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using static Grok2Api.Proxy.FunctionalTests.Public.PublicTestKit;

namespace Grok2Api.Proxy.FunctionalTests.Public;

/// <summary>The public playground API over real Kestrel and the simulator: the gate, Imagine over SSE and WebSocket, video, voice, the session guard.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public async Task Disabled_EveryRouteIs404_EvenWithTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, enabled: false);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/v1/public/verify"), (HttpMethod.Get, "/v1/public/imagine/config"), (HttpMethod.Post, "/v1/public/imagine/start"),
            (HttpMethod.Get, "/v1/public/imagine/sse?prompt=x&public_key=" + Key), (HttpMethod.Get, "/v1/public/imagine/ws"), (HttpMethod.Post, "/v1/public/video/start"),
            (HttpMethod.Get, "/v1/public/voice/token"), (HttpMethod.Post, "/v1/public/login"),
        })
        {
            using var response = await SendAsync(env, method, path, new JsonObject { ["prompt"] = "x" }, ct: ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await Assert.ThrowsAsync<WebSocketException>(async () => (await ConnectAsync(env, "public_key=" + Key, ct)).Dispose());
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task KeySet_BearerCookieAndStreamQueryAuthenticate_OthersGet401()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        using (var none = await SendAsync(env, HttpMethod.Get, "/v1/public/verify", key: null, ct: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            var error = (await JsonAsync(none, ct))["error"]!;
            Assert.Equal("invalid_public_key", error["code"]!.GetValue<string>());
            Assert.Equal("authentication_error", error["type"]!.GetValue<string>());
            Assert.DoesNotContain(Key, error.ToJsonString(), StringComparison.Ordinal);
        }

        using (var wrong = await SendAsync(env, HttpMethod.Get, "/v1/public/verify", key: "nope", ct: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var bearer = await SendAsync(env, HttpMethod.Get, "/v1/public/verify", ct: ct))
        {
            Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
            Assert.Equal("success", (await JsonAsync(bearer, ct))["status"]!.GetValue<string>());
        }

        // The query key counts only on the streams.
        using (var query = await SendAsync(env, HttpMethod.Get, "/v1/public/verify?public_key=" + Key, key: null, ct: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        }

        using (var badLogin = await SendAsync(env, HttpMethod.Post, "/v1/public/login", new JsonObject { ["key"] = "nope" }, key: null, ct: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
            Assert.False(badLogin.Headers.Contains("Set-Cookie"));
        }

        using var login = await SendAsync(env, HttpMethod.Post, "/v1/public/login", new JsonObject { ["key"] = Key }, key: null, ct: ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("grok2api_public=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
        using (var request = Request(HttpMethod.Get, "/v1/public/verify", key: null))
        {
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var withCookie = await env.Http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        }

        // app.api_key is not asked for, and the SSE takes the key in its query.
        await env.AddTokenAsync(ct);
        using var sse = await OpenSseAsync(env, $"/v1/public/imagine/sse?public_key={Key}&prompt=fox&aspect_ratio=16:9", ct);
        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        using var reader = await SseReader.OpenAsync(sse, ct);
        var first = await NextEventAsync(reader, ct);
        Assert.Equal("running", Status(first));
        Assert.Equal("16:9", first!["aspect_ratio"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_NoKeyNeeded_LoginSetsNoCookie_RootLeadsToLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, open: true);

        using var verify = await SendAsync(env, HttpMethod.Get, "/v1/public/verify", key: null, ct: ct);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        using var login = await SendAsync(env, HttpMethod.Post, "/v1/public/login", new JsonObject { ["key"] = "" }, key: null, ct: ct);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        using var noRedirects = env.Gateway.CreateClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var root = await noRedirects.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/login", root.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ImagineConfig_NeedsNoKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        using var response = await SendAsync(env, HttpMethod.Get, "/v1/public/imagine/config", key: null, ct: ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response, ct);
        Assert.True(body["final_min_bytes"]!.GetValue<long>() > 0);
        Assert.True(body["medium_min_bytes"]!.GetValue<long>() > 0);
        Assert.False(body["nsfw"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ImagineSse_RunsRoundsWithImages_StopEndsItWithStopped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        var taskId = await StartImagineAsync(env, ct, ratio: "9:16");

        using var sse = await OpenSseAsync(env, "/v1/public/imagine/sse?task_id=" + taskId, ct);
        using var reader = await SseReader.OpenAsync(sse, ct);
        var running = await NextEventAsync(reader, ct);
        Assert.Equal("running", Status(running));
        var runId = running!["run_id"]!.GetValue<string>();
        using (var twice = await OpenSseAsync(env, "/v1/public/imagine/sse?task_id=" + taskId, ct))
        {
            // One task, one loop: a second stream would spend the pool twice.
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        JsonObject? final = null;
        while (final is null)
        {
            var next = await NextEventAsync(reader, ct);
            Assert.NotNull(next);
            Assert.Equal("image", Type(next));
            Assert.Equal(runId, next!["run_id"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(next["b64_json"]!.GetValue<string>()));
            Assert.True(next["bytes"]!.GetValue<long>() > 0);
            final = next["stage"]!.GetValue<string>() == "final" ? next : null;
        }

        Assert.Equal("9:16", env.Simulator.Imagine.Received[0].AspectRatio);

        // The next round begins only once this one is over: it was charged as one image generation.
        JsonObject? second;
        do
        {
            second = await NextEventAsync(reader, ct);
        }
        while (second is not null && Status(second) != "running");

        Assert.NotEqual(runId, second!["run_id"]!.GetValue<string>());
        var rounds = 2;
        using (var stop = await SendAsync(env, HttpMethod.Post, "/v1/public/imagine/stop", new JsonObject { ["task_ids"] = new JsonArray(taskId, "unknown") }, ct: ct))
        {
            Assert.Equal(1, (await JsonAsync(stop, ct))["removed"]!.GetValue<int>());
        }

        JsonObject? last = null;
        while (await NextEventAsync(reader, ct) is { } e)
        {
            last = e;
            rounds += Status(e) == "running" ? 1 : 0;
        }

        Assert.Equal("stopped", Status(last));

        // Each finished round was charged as one image generation; the round the stop cut short was not.
        await env.SettledAsync(ct);
        var charged = ChatEnvironment.DefaultQuota - env.View(token).Quota;
        Assert.Equal(0, charged % Images.ImageTestKit.Cost);
        Assert.InRange(charged / Images.ImageTestKit.Cost, rounds - 1, rounds);
        using var again = await OpenSseAsync(env, "/v1/public/imagine/sse?task_id=" + taskId, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task ImagineSse_TtlEndsTheLoop_AndNoAccountIsRateLimitExceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, publicSection: "session_ttl = 1");
        var taskId = await StartImagineAsync(env, ct);

        using var sse = await OpenSseAsync(env, "/v1/public/imagine/sse?task_id=" + taskId, ct);
        using var reader = await SseReader.OpenAsync(sse, ct);
        var events = new List<JsonObject>();
        while (await NextEventAsync(reader, ct) is { } e)
        {
            events.Add(e);
        }

        Assert.Equal("running", Status(events[0]));
        Assert.Equal("rate_limit_exceeded", events[1]["code"]!.GetValue<string>());
        Assert.Equal("stopped", Status(events[^1]));
    }

    [Fact]
    public async Task Start_Validation_And_SessionGuard()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct, publicSection: "max_sessions_per_client = 1");

        using (var ratio = await SendAsync(env, HttpMethod.Post, "/v1/public/imagine/start", new JsonObject { ["prompt"] = "x", ["aspect_ratio"] = "4:3" }, ct: ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ratio.StatusCode);
            Assert.Equal("aspect_ratio", (await JsonAsync(ratio, ct))["error"]!["param"]!.GetValue<string>());
        }

        using (var empty = await SendAsync(env, HttpMethod.Post, "/v1/public/imagine/start", new JsonObject { ["prompt"] = " " }, ct: ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var length = await SendAsync(env, HttpMethod.Post, "/v1/public/video/start", new JsonObject { ["prompt"] = "x", ["video_length"] = 7 }, ct: ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, length.StatusCode);
            Assert.Equal("video_length", (await JsonAsync(length, ct))["error"]!["param"]!.GetValue<string>());
        }

        await StartImagineAsync(env, ct);
        using var over = await SendAsync(env, HttpMethod.Post, "/v1/public/video/start", new JsonObject { ["prompt"] = "x" }, ct: ct);
        Assert.Equal((HttpStatusCode)429, over.StatusCode);
        Assert.True(over.Headers.RetryAfter is not null);
        Assert.Equal("too_many_sessions", (await JsonAsync(over, ct))["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImagineWs_StartStopAndErrorCodes_BadKeyCloses1008()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);
        await env.AddTokenAsync(ct);

        using (var refused = await ConnectAsync(env, "public_key=nope", ct))
        {
            Assert.Null(await ReceiveAsync(refused, ct));
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, refused.CloseStatus);
        }

        using var socket = await ConnectAsync(env, "public_key=" + Key, ct);
        await PublicTestKit.SendAsync(socket, "not json", ct);
        Assert.Equal("invalid_payload", (await ReceiveAsync(socket, ct))!["code"]!.GetValue<string>());
        await PublicTestKit.SendAsync(socket, """{"type":"dance"}""", ct);
        Assert.Equal("invalid_action", (await ReceiveAsync(socket, ct))!["code"]!.GetValue<string>());
        await PublicTestKit.SendAsync(socket, """{"type":"start","prompt":""}""", ct);
        Assert.Equal("invalid_prompt", (await ReceiveAsync(socket, ct))!["code"]!.GetValue<string>());

        await PublicTestKit.SendAsync(socket, """{"type":"start","prompt":"a fox","aspect_ratio":"3:2"}""", ct);
        Assert.Equal("running", Status(await ReceiveAsync(socket, ct)));
        var image = await ReceiveAsync(socket, ct);
        Assert.Equal("image", Type(image));
        await PublicTestKit.SendAsync(socket, """{"type":"stop"}""", ct);
        JsonObject? e;
        do
        {
            e = await ReceiveAsync(socket, ct);
        }
        while (e is not null && Status(e) != "stopped");

        Assert.Equal("stopped", Status(e));
    }

    [Fact]
    public async Task Video_StartThenSse_StreamsChatChunksToDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "public_enabled = true\npublic_key = \"" + Key + "\"");
        await env.AddTokenAsync(ct);

        using var start = await SendAsync(env, HttpMethod.Post, "/v1/public/video/start", new JsonObject { ["prompt"] = "rain", ["aspect_ratio"] = "16:9" }, ct: ct);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var body = await JsonAsync(start, ct);
        Assert.Equal("16:9", body["aspect_ratio"]!.GetValue<string>());

        using var sse = await OpenSseAsync(env, "/v1/public/video/sse?task_id=" + body["task_id"]!.GetValue<string>(), ct);
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        var transcript = await ChatStreamTranscript.ReadAsync(sse, ct);

        Assert.True(transcript.EndsWithDone);
        Assert.Contains("Generating video: 100%", transcript.Reasoning, StringComparison.Ordinal);
        Assert.Contains("/v1/files/video/", transcript.Content, StringComparison.Ordinal);
        Assert.All(transcript.Chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Video_StopCancelsTheRunningStream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "public_enabled = true\npublic_key = \"" + Key + "\"", timeout: 20);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(token, Fault.Delay(TimeSpan.FromSeconds(20)).OnlyFor(UpstreamPaths.ConversationsNew));
        using var start = await SendAsync(env, HttpMethod.Post, "/v1/public/video/start", new JsonObject { ["prompt"] = "rain" }, ct: ct);
        var taskId = (await JsonAsync(start, ct))["task_id"]!.GetValue<string>();

        var sse = OpenSseAsync(env, "/v1/public/video/sse?task_id=" + taskId, ct);
        await env.Simulator.WaitForRequestAsync(r => r.Path == UpstreamPaths.ConversationsNew, Bound, ct);
        using (var stop = await SendAsync(env, HttpMethod.Post, "/v1/public/video/stop", new JsonObject { ["task_ids"] = new JsonArray(taskId) }, ct: ct))
        {
            Assert.Equal(1, (await JsonAsync(stop, ct))["removed"]!.GetValue<int>());
        }

        using var response = await sse;
        var transcript = await ChatStreamTranscript.ReadAsync(response, ct);
        Assert.True(transcript.EndsWithDone);
        Assert.Equal("task_stopped", Assert.Single(transcript.Errors).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Video_StopMidStream_EndsWithTaskStoppedAndDone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await VideoTesting.StartAsync(ct, app: "public_enabled = true\npublic_key = \"" + Key + "\"", streamTimeout: 20, timeout: 20);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Faults.Enqueue(token, Fault.Stall(afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));
        using var start = await SendAsync(env, HttpMethod.Post, "/v1/public/video/start", new JsonObject { ["prompt"] = "rain" }, ct: ct);
        var taskId = (await JsonAsync(start, ct))["task_id"]!.GetValue<string>();

        using var response = await OpenSseAsync(env, "/v1/public/video/sse?task_id=" + taskId, ct);
        using var reader = await SseReader.OpenAsync(response, ct);
        var first = await reader.NextAsync(ct, Bound);
        Assert.Contains("chat.completion.chunk", first, StringComparison.Ordinal);
        using (var stop = await SendAsync(env, HttpMethod.Post, "/v1/public/video/stop", new JsonObject { ["task_ids"] = new JsonArray(taskId) }, ct: ct))
        {
            Assert.Equal(1, (await JsonAsync(stop, ct))["removed"]!.GetValue<int>());
        }

        var rest = new List<string>();
        while (await reader.NextAsync(ct, Bound) is { } data)
        {
            rest.Add(data);
        }

        Assert.Equal("[DONE]", rest[^1]);
        Assert.Contains(rest, e => e.Contains("\"task_stopped\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VoiceToken_Success_400_503_502()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await StartAsync(ct);

        using (var noAccount = await SendAsync(env, HttpMethod.Get, "/v1/public/voice/token", ct: ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, noAccount.StatusCode);
            Assert.Equal("no_token", (await JsonAsync(noAccount, ct))["error"]!["code"]!.GetValue<string>());
        }

        var token = await env.AddTokenAsync(ct);
        using (var bad = await SendAsync(env, HttpMethod.Get, "/v1/public/voice/token?voice=bob", ct: ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("voice", (await JsonAsync(bad, ct))["error"]!["param"]!.GetValue<string>());
        }

        using (var speed = await SendAsync(env, HttpMethod.Get, "/v1/public/voice/token?speed=3", ct: ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, speed.StatusCode);
        }

        using (var ok = await SendAsync(env, HttpMethod.Get, "/v1/public/voice/token?voice=eve&personality=storyteller&speed=1.5", ct: ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = await JsonAsync(ok, ct);
            Assert.StartsWith("sim-livekit-", body["token"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("wss://livekit.grok.com", body["url"]!.GetValue<string>());
            Assert.Equal("", body["room_name"]!.GetValue<string>());
        }

        env.Simulator.Faults.SetPersistent(token, Fault.StreamError(StreamErrorShape.UsageLimit).OnlyFor(UpstreamPaths.LivekitTokens));
        using var noToken = await SendAsync(env, HttpMethod.Get, "/v1/public/voice/token", ct: ct);
        Assert.Equal(HttpStatusCode.BadGateway, noToken.StatusCode);
        Assert.Equal("upstream_error", (await JsonAsync(noToken, ct))["error"]!["code"]!.GetValue<string>());
    }
}
