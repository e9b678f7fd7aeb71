using System.Net.WebSockets;
using System.Text.Json;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// <c>GET /v1/public/imagine/ws</c>: the Imagine loop over a WebSocket. The socket is accepted and closed
/// with 1008 when the client has neither the key nor a live <c>task_id</c>; a <c>task_id</c> starts its
/// loop at once. The client sends <c>{"type":"start","prompt","aspect_ratio","nsfw"}</c> (a new session
/// under the <c>[public]</c> guard, replacing the running one) or <c>{"type":"stop"}</c>; the server
/// sends the SSE route's events, and <c>invalid_payload</c>, <c>invalid_prompt</c> or
/// <c>invalid_action</c> errors for bad messages. One per connection.
/// </summary>
internal sealed class PublicImagineSocket(PublicAccess access, PublicTasks tasks, PublicImagineLoop loop, TimeProvider time)
{
    private const int MaxMessageBytes = 64 * 1024;

    public async Task RunAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await PublicErrors.BadRequestAsync(context, "This route takes a WebSocket upgrade.", null, "websocket_required");
            return;
        }

        var given = tasks.Find(context.Request.Query["task_id"].ToString(), PublicTaskKind.Imagine);
        var authenticated = PublicGateMiddleware.IsAuthenticated(context);
        if (given is not null && !given.TryAttach())
        {
            await PublicApiHandlers.TaskBusyAsync(context);
            return;
        }

        try
        {
            await RunCoreAsync(context, given, authenticated);
        }
        finally
        {
            given?.Detach();
        }
    }

    private async Task RunCoreAsync(HttpContext context, PublicTask? given, bool authenticated)
    {
        if (given is null && !authenticated)
        {
            access.RecordFailure(context);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (given is null && !authenticated)
        {
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "authentication failed", time);
            return;
        }

        using var sink = new WebSocketEventSink(socket, context.RequestAborted);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var client = PublicApiHandlers.Client(context);
        PublicTask? current = given;
        var owned = false;
        Task running = current is null ? Task.CompletedTask : loop.RunAsync((PublicImagineSpec)current.Spec, sink, current.Expires, current.Stopped, gone.Token);
        try
        {
            var buffer = new byte[MaxMessageBytes];
            while (socket.State == WebSocketState.Open)
            {
                var (type, length) = await ReceiveAsync(socket, buffer, context.RequestAborted);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (length < 0 || type != WebSocketMessageType.Text)
                {
                    await SendErrorAsync(sink, "invalid_payload", "Messages are JSON text of at most 64 KB.", context.RequestAborted);
                    continue;
                }

                using var document = Parse(buffer.AsMemory(0, length));
                if (document?.RootElement is not { ValueKind: JsonValueKind.Object } message)
                {
                    await SendErrorAsync(sink, "invalid_payload", "A message must be a JSON object.", context.RequestAborted);
                    continue;
                }

                var action = message.TryGetProperty("type", out var typeValue) ? PublicJson.StringOf(typeValue) : null;
                switch (action)
                {
                    case "start":
                        if (!PublicApiHandlers.TryReadImagine(message, out var spec, out var error))
                        {
                            await SendErrorAsync(sink, error.Code == "invalid_prompt" ? "invalid_prompt" : "invalid_payload", error.Message, context.RequestAborted);
                            break;
                        }

                        await EndAsync(current, owned, running);
                        current = null;
                        if (!tasks.TryStart(PublicTaskKind.Imagine, client, spec, out var started, out var retryAfter))
                        {
                            await SendErrorAsync(sink, "too_many_sessions", $"Too many playground sessions are running; retry in {retryAfter} s.", context.RequestAborted);
                            running = Task.CompletedTask;
                            break;
                        }

                        current = started;
                        owned = true;
                        running = loop.RunAsync(spec, sink, started.Expires, started.Stopped, gone.Token);
                        break;
                    case "stop":
                        await EndAsync(current, owned, running);
                        current = null;
                        running = Task.CompletedTask;
                        break;
                    default:
                        await SendErrorAsync(sink, "invalid_action", "The message type must be start or stop.", context.RequestAborted);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client left.
        }
        finally
        {
            await gone.CancelAsync();
            await EndAsync(current, owned, running);
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "bye", time);
        }
    }

    // Stops the running loop (a session this socket started is removed, a given one stopped) and waits for its final event.
    private async Task EndAsync(PublicTask? task, bool owned, Task running)
    {
        if (task is not null)
        {
            if (owned)
            {
                tasks.Remove(task);
            }
            else
            {
                task.Stop();
            }
        }

        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task<(WebSocketMessageType Type, int Length)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(Math.Min(length, buffer.Length - 1)), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, length > buffer.Length - 1 ? -1 : length);
            }
        }
    }

    private static ValueTask SendErrorAsync(WebSocketEventSink sink, string code, string message, CancellationToken cancellationToken) =>
        sink.SendAsync(PublicImagineEvents.Error(code, message, null), cancellationToken);

    private static JsonDocument? Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason, TimeProvider time)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
        try
        {
            await socket.CloseAsync(status, reason, limit.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Gone already.
        }
    }
}
