using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Imagine;

namespace Grok2Api.Simulator.Tests;

public sealed class ImagineTests : SimulatorTestBase
{
    private Uri WsUri => new(Sim.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + UpstreamPaths.ImagineListen);

    private async Task<ClientWebSocket> ConnectAsync(string? token = Upstream.Token)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Cookie", Upstream.Cookie(token));
        }

        socket.Options.SetRequestHeader("Origin", "https://grok.com");
        await socket.ConnectAsync(WsUri, Ct).WaitAsync(Bound, Ct);
        return socket;
    }

    private static string CreateMessage(string prompt = "a red fox", string ratio = "2:3", bool nsfw = true) => new JsonObject
    {
        ["type"] = "conversation.item.create",
        ["timestamp"] = 1_700_000_000_000,
        ["item"] = new JsonObject
        {
            ["type"] = "message",
            ["content"] = new JsonArray(new JsonObject
            {
                ["requestId"] = "8b0f4d3c-1111-4222-8333-444455556666",
                ["text"] = prompt,
                ["type"] = "input_text",
                ["properties"] = new JsonObject
                {
                    ["section_count"] = 0,
                    ["is_kids_mode"] = false,
                    ["enable_nsfw"] = nsfw,
                    ["skip_upsampler"] = false,
                    ["is_initial"] = false,
                    ["aspect_ratio"] = ratio,
                },
            }),
        },
    }.ToJsonString();

    private static async Task SendAsync(ClientWebSocket socket, string text) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Ct);

    /// <summary>Every text message until the server closes (or <paramref name="max"/> messages, or a silence of <paramref name="silence"/>).</summary>
    private static async Task<List<JsonObject>> ReceiveAllAsync(ClientWebSocket socket, int max = 1000, TimeSpan? silence = null)
    {
        var messages = new List<JsonObject>();
        var buffer = new ArrayBufferWriter<byte>();
        while (messages.Count < max)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(silence ?? Bound);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(65536), cts.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                break;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                messages.Add((JsonObject)JsonNode.Parse(buffer.WrittenSpan)!);
                buffer.ResetWrittenCount();
            }
        }

        return messages;
    }

    private static byte[] BlobBytes(JsonObject message)
    {
        var blob = message["blob"]!.GetValue<string>();
        var comma = blob.StartsWith("data:", StringComparison.Ordinal) ? blob.IndexOf(',', StringComparison.Ordinal) + 1 : 0;
        return Convert.FromBase64String(blob[comma..]);
    }

    [Fact]
    public async Task Session_Completes_EveryImageThroughPreviewMediumFinalTellableBySize()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage("a red fox", "16:9", nsfw: false));

        var messages = await ReceiveAllAsync(socket);

        var session = Assert.Single(Sim.Imagine.Received);
        Assert.Equal(("a red fox", "16:9", false, ImagineOutcome.Completes), (session.Prompt, session.AspectRatio, session.EnableNsfw, session.Outcome));
        Assert.Equal(ImagineRegistry.DefaultImagesPerSession, session.ImageIds.Count);
        var images = messages.Where(m => m["type"]!.GetValue<string>() == "image").ToList();
        Assert.Equal(3 * session.ImageIds.Count, images.Count);
        foreach (var id in session.ImageIds)
        {
            var stages = images.Where(m => m["url"]!.GetValue<string>().Contains(id, StringComparison.Ordinal)).ToList();
            Assert.Equal(3, stages.Count);
            Assert.True(stages[0]["blob"]!.GetValue<string>().Length < 30_000);
            Assert.InRange(stages[1]["blob"]!.GetValue<string>().Length, 30_001, 99_999);
            Assert.True(stages[2]["blob"]!.GetValue<string>().Length > 100_000);
            Assert.EndsWith(".jpg", stages[2]["url"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(ImagineImages.Final(id), BlobBytes(stages[2]));
            Assert.Equal(ImagineImages.Preview(id), BlobBytes(stages[0]));
        }

        Assert.Equal("json", messages[^1]["type"]!.GetValue<string>());
        Assert.Equal(session.ImageIds, Sim.Imagine.FinalIds());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Session_Blocked_MediumImagesNeverAFinal()
    {
        Sim.Imagine.Enqueue(Upstream.Token, ImagineOutcome.Blocked);
        Sim.Imagine.ImagesPerSession = 2;
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket, silence: TimeSpan.FromMilliseconds(500));

        var images = messages.Where(m => m["type"]!.GetValue<string>() == "image").ToList();
        Assert.Equal(4, images.Count);
        Assert.All(images, m => Assert.True(m["blob"]!.GetValue<string>().Length < 100_000));
        Assert.Null(socket.CloseStatus);
        Assert.Empty(Sim.Imagine.FinalIds());
    }

    [Fact]
    public async Task Session_ErrorOutcome_ErrorMessageThenClose()
    {
        await Client.PostAsJsonAsync("/__sim/imagine/outcomes", new { outcome = "error" }, Ct);
        Sim.Imagine.ImagesPerSession = 1;
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket);

        Assert.Equal("error", messages[^1]["type"]!.GetValue<string>());
        Assert.Equal("internal_error", messages[^1]["err_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_OneFinal_OnlyTheFirstImageFinishes()
    {
        Sim.Imagine.Enqueue(null, ImagineOutcome.OneFinal);
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket);

        var finals = messages.Where(m => m["url"]?.GetValue<string>().EndsWith(".jpg", StringComparison.Ordinal) == true).ToList();
        Assert.Single(finals);
        Assert.Single(Sim.Imagine.FinalIds());
    }

    [Fact]
    public async Task Session_Stall_PreviewsThenSilence()
    {
        Sim.Imagine.Enqueue(null, ImagineOutcome.Stall);
        Sim.Imagine.ImagesPerSession = 3;
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket, silence: TimeSpan.FromMilliseconds(500));

        Assert.Equal(3, messages.Count);
        Assert.Null(socket.CloseStatus);
    }

    [Theory]
    [InlineData(FaultKind.RateLimited, HttpStatusCode.TooManyRequests)]
    [InlineData(FaultKind.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(FaultKind.CloudflareChallenge, HttpStatusCode.Forbidden)]
    public async Task Handshake_Fault_RefusedWithTheStatus(FaultKind kind, HttpStatusCode status)
    {
        var fault = kind switch
        {
            FaultKind.RateLimited => Fault.RateLimited("3"),
            FaultKind.Unauthorized => Fault.Unauthorized(),
            _ => Fault.CloudflareChallenge(),
        };
        Sim.Faults.Enqueue(Upstream.Token, fault.OnlyFor(UpstreamPaths.ImagineListen));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", Upstream.Cookie(Upstream.Token));

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUri, Ct).WaitAsync(Bound, Ct));

        Assert.Equal(status, socket.HttpStatusCode);
        Assert.Empty(Sim.Imagine.Received);
    }

    [Fact]
    public async Task Handshake_NoCookie_401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUri, Ct).WaitAsync(Bound, Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Session_StallFaultAfterTwoMessages_TwoMessagesThenSilence()
    {
        Sim.Faults.Enqueue(null, Fault.Stall(afterLines: 2).OnlyFor(UpstreamPaths.ImagineListen));
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket, silence: TimeSpan.FromMilliseconds(500));

        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task Session_StreamErrorFaultAfterOneMessage_RateLimitErrorMessageThenClose()
    {
        Sim.Faults.Enqueue(null, Fault.StreamError(StreamErrorShape.UsageLimit, afterLines: 1).OnlyFor(UpstreamPaths.ImagineListen));
        using var socket = await ConnectAsync();
        await SendAsync(socket, CreateMessage());

        var messages = await ReceiveAllAsync(socket);

        Assert.Equal(2, messages.Count);
        Assert.Equal("rate_limit_exceeded", messages[1]["err_code"]!.GetValue<string>());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Session_MalformedMessage_ClosedWithPolicyViolation()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, """{"type":"conversation.item.create","item":{}}""");

        var messages = await ReceiveAllAsync(socket);

        Assert.Empty(messages);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Empty(Sim.Imagine.Received);
    }

    [Fact]
    public async Task Handshake_IsRecordedWithItsHeaders()
    {
        using (var socket = await ConnectAsync())
        {
            await SendAsync(socket, CreateMessage());
            await ReceiveAllAsync(socket);
        }

        var request = Assert.Single(Sim.Requests, r => r.Path == UpstreamPaths.ImagineListen);
        Assert.Equal(Upstream.Token, request.Token);
        Assert.Equal("https://grok.com", request.Headers["Origin"]);
        Assert.Equal(1, Sim.RequestCount(Upstream.Token, UpstreamPaths.ImagineListen));
    }

    [Fact]
    public async Task ControlApi_ListsSessionsAndSetsImagesPerSession()
    {
        using (var put = await Client.PutAsJsonAsync("/__sim/imagine/images-per-session", new { count = 2 }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (var socket = await ConnectAsync())
        {
            await SendAsync(socket, CreateMessage());
            await ReceiveAllAsync(socket);
        }

        var list = JsonNode.Parse(await Client.GetStringAsync(new Uri("/__sim/imagine?token=" + Upstream.Token, UriKind.Relative), Ct))!.AsArray();
        Assert.Equal(2, Assert.Single(list)!["imageIds"]!.AsArray().Count);
        using var bad = await Client.PostAsJsonAsync("/__sim/imagine/outcomes", new { outcome = "nope" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var delete = await Client.DeleteAsync(new Uri("/__sim/imagine", UriKind.Relative), Ct);
        Assert.Empty(Sim.Imagine.Received);
        Assert.Equal(ImagineRegistry.DefaultImagesPerSession, Sim.Imagine.ImagesPerSession);
    }
}
