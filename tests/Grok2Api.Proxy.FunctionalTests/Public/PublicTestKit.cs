using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Images;

namespace Grok2Api.Proxy.FunctionalTests.Public;

/// <summary>Hosting and reading helpers of the public playground tests.</summary>
internal static class PublicTestKit
{
    public const string Key = "pk-playground-secret";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A gateway with the playground on (with <see cref="Key"/> unless <paramref name="open"/>), short Imagine waits and the given [public] lines.</summary>
    public static Task<ChatEnvironment> StartAsync(CancellationToken ct, bool enabled = true, bool open = false, string publicSection = "", string app = "") =>
        ChatEnvironment.StartAsync(ct, ImageTestKit.Settings(app: $"""
            public_enabled = {(enabled ? "true" : "false")}
            public_key = "{(open ? "" : Key)}"
            {app}
            """) with { Asset = "\n[public]\n" + publicSection + "\n" });

    public static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null, string? key = Key)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(ChatEnvironment env, HttpMethod method, string path, JsonNode? body = null, string? key = Key, CancellationToken ct = default)
    {
        using var request = Request(method, path, body, key);
        return await env.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).WaitAsync(Bound, ct);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;

    public static async Task<string> StartImagineAsync(ChatEnvironment env, CancellationToken ct, string ratio = "1:1")
    {
        using var response = await SendAsync(env, HttpMethod.Post, "/v1/public/imagine/start", new JsonObject { ["prompt"] = "a fox", ["aspect_ratio"] = ratio }, ct: ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response, ct))["task_id"]!.GetValue<string>();
    }

    /// <summary>Opens an SSE stream (headers read) with no Authorization header.</summary>
    public static async Task<HttpResponseMessage> OpenSseAsync(ChatEnvironment env, string pathAndQuery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        return await env.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).WaitAsync(Bound, ct);
    }

    /// <summary>The next data event of a data-only SSE stream as JSON, or null at its end.</summary>
    public static async Task<JsonObject?> NextEventAsync(SseReader reader, CancellationToken ct)
    {
        var data = await reader.NextAsync(ct, Bound);
        return data is null ? null : (JsonObject)JsonNode.Parse(data)!;
    }

    public static async Task<ClientWebSocket> ConnectAsync(ChatEnvironment env, string query, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(env.Gateway.BaseAddress) { Scheme = "ws", Path = "/v1/public/imagine/ws", Query = query }.Uri;
        await socket.ConnectAsync(uri, ct).WaitAsync(Bound, ct);
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct).WaitAsync(Bound, ct);

    /// <summary>The next message as JSON, or null when the server closed.</summary>
    public static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct).WaitAsync(Bound, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (JsonObject)JsonNode.Parse(message.ToArray())!;
            }
        }
    }

    public static string? Type(JsonObject? e) => e?["type"]?.GetValue<string>();

    public static string? Status(JsonObject? e) => e?["status"]?.GetValue<string>();
}
