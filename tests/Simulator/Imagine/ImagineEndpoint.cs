using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.Simulator.Imagine;

/// <summary>
/// GET /ws/imagine/listen, the Imagine WebSocket (docs/grok-protocol.md §14). The handshake goes
/// through <see cref="UpstreamGate"/> first (cookie, known tokens, faults: a 429, 401, 403 or 5xx fault
/// refuses the upgrade with that status). Then one text message
/// <c>{"type":"conversation.item.create","item":{"type":"message","content":[{"requestId","text",
/// "type":"input_text","properties":{"aspect_ratio","enable_nsfw",...}}]}}</c> is expected (a close
/// with status 1008 otherwise), and the session's images are sent as
/// <c>{"type":"image","url":".../images/&lt;id&gt;.png|jpg","blob":"&lt;base64&gt;"}</c>: every preview
/// (as a data URI), then every medium image, then every final, as the queued <see cref="ImagineOutcome"/>
/// says. Message counts stand in for lines of the stall, reset and stream-error faults.
/// </summary>
internal static class ImagineEndpoint
{
    /// <summary>The content of the <c>json</c> status message sent after the finals.</summary>
    public const string CompletedStatus = "completed";

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state) =>
        endpoints.MapGet(UpstreamPaths.ImagineListen, (RequestDelegate)(context => HandleAsync(context, state)));

    private static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        using var cts = state.LinkRequest(context);
        var cancellationToken = cts.Token;
        var gate = context.RequestServices.GetRequiredService<UpstreamGate>();
        var entry = await gate.EnterAsync(context, cancellationToken);
        if (entry.Handled)
        {
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await SimJson.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorBodies.InvalidArgument("a WebSocket upgrade is required"), cancellationToken);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await RunAsync(context, state, gate, socket, entry.Token, entry.StreamFault, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client left or the simulator stops.
        }
    }

    private static async Task RunAsync(
        HttpContext context, SimulatorState state, UpstreamGate gate, WebSocket socket, string token, Fault? fault, CancellationToken cancellationToken)
    {
        var message = await ReceiveTextAsync(socket, cancellationToken);
        if (message is null || Parse(message) is not { } request)
        {
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "expected conversation.item.create", cancellationToken);
            return;
        }

        var outcome = state.Imagine.TakeOutcome(token);
        var count = state.Imagine.ImagesPerSession;
        var ids = Enumerable.Range(0, count).Select(_ => state.Ids.Next()).ToArray();
        state.Imagine.Add(new ImagineSession(token, request.RequestId, request.Text, request.AspectRatio, request.EnableNsfw, outcome, ids, state.Time.GetUtcNow()));
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        var session = new Sender(socket, state, fault, cancellationToken);

        foreach (var id in ids)
        {
            if (!await session.SendImageAsync(baseUrl, id, ImagineImages.Preview(id), ".png", dataUri: true))
            {
                await session.AfterFaultAsync(context, gate);
                return;
            }
        }

        if (outcome == ImagineOutcome.Stall)
        {
            await Waits.DelayAsync(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
            return;
        }

        if (outcome == ImagineOutcome.Error)
        {
            await session.SendAsync(new JsonObject { ["type"] = "error", ["err_code"] = "internal_error", ["err_msg"] = "generation failed" });
            await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "error", cancellationToken);
            return;
        }

        foreach (var id in ids)
        {
            if (!await session.SendImageAsync(baseUrl, id, ImagineImages.Medium(id), ".png", dataUri: false))
            {
                await session.AfterFaultAsync(context, gate);
                return;
            }
        }

        if (outcome == ImagineOutcome.Blocked)
        {
            await session.SendAsync(new JsonObject { ["type"] = "json", ["current_status"] = "generating", ["moderated"] = true });
            await Waits.DelayAsync(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
            return;
        }

        var finals = outcome == ImagineOutcome.OneFinal ? ids.Take(1) : ids;
        foreach (var id in finals)
        {
            if (!await session.SendImageAsync(baseUrl, id, ImagineImages.Final(id), ".jpg", dataUri: false))
            {
                await session.AfterFaultAsync(context, gate);
                return;
            }
        }

        await session.SendAsync(new JsonObject { ["type"] = "json", ["current_status"] = CompletedStatus });
        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(status, description, timeout.Token);
        }
    }

    private static async Task<string?> ReceiveTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > 1 << 20)
            {
                return null;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(buffer.WrittenSpan) : null;
            }
        }
    }

    private static ImagineRequest? Parse(string message)
    {
        try
        {
            if (JsonNode.Parse(message) is not JsonObject root
                || root["type"]?.GetValue<string>() != "conversation.item.create"
                || root["item"] is not JsonObject item
                || item["type"]?.GetValue<string>() != "message"
                || item["content"] is not JsonArray { Count: > 0 } content
                || content[0] is not JsonObject part
                || part["type"]?.GetValue<string>() != "input_text"
                || part["requestId"]?.GetValue<string>() is not { Length: > 0 } requestId
                || part["text"]?.GetValue<string>() is not { } text
                || part["properties"] is not JsonObject properties
                || properties["aspect_ratio"]?.GetValue<string>() is not { Length: > 0 } ratio
                || properties["enable_nsfw"] is not JsonValue nsfw
                || nsfw.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return null;
            }

            return new ImagineRequest(requestId, text, ratio, nsfw.GetValue<bool>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private sealed record ImagineRequest(string RequestId, string Text, string AspectRatio, bool EnableNsfw);

    /// <summary>Sends the session's messages, applying the delay between them and a stream fault after its message count.</summary>
    private sealed class Sender(WebSocket socket, SimulatorState state, Fault? fault, CancellationToken cancellationToken)
    {
        // Base64 as a server writes it: '+' and '/' not escaped.
        private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private int _sent;

        /// <summary>Sends one image message; false when the fault's message count was reached (nothing sent).</summary>
        public async Task<bool> SendImageAsync(string baseUrl, string id, byte[] bytes, string extension, bool dataUri)
        {
            var blob = Convert.ToBase64String(bytes);
            if (dataUri)
            {
                blob = (extension == ".png" ? "data:image/png;base64," : "data:image/jpeg;base64,") + blob;
            }

            return await SendAsync(new JsonObject
            {
                ["type"] = "image",
                ["url"] = $"{baseUrl}/images/{id}{extension}",
                ["blob"] = blob,
                ["percentage_complete"] = extension == ".jpg" ? 100 : dataUri ? 10 : 50,
            });
        }

        public async Task<bool> SendAsync(JsonObject message, bool pastFault = false)
        {
            if (!pastFault && fault is { AfterLines: { } after } && _sent >= after)
            {
                return false;
            }

            if (_sent > 0 && !await Waits.DelayAsync(state.Options.LineDelay, state.Time, cancellationToken))
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString(Relaxed));
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            _sent++;
            return true;
        }

        /// <summary>Carries out the stream fault once its message count was reached.</summary>
        public async Task AfterFaultAsync(HttpContext context, UpstreamGate gate)
        {
            switch (fault!.Kind)
            {
                case FaultKind.Stall:
                    await Waits.DelayAsync(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
                    break;
                case FaultKind.StreamError:
                    await SendAsync(new JsonObject { ["type"] = "error", ["err_code"] = "rate_limit_exceeded", ["err_msg"] = "Too many requests" }, pastFault: true);
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "error", cancellationToken);
                    break;
                default:
                    gate.Abort(context);
                    break;
            }
        }
    }
}
