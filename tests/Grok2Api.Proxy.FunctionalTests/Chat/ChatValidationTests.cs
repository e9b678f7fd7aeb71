using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>Bad requests are answered with OpenAI errors before any account is leased or grok.com is called.</summary>
public sealed class ChatValidationTests
{
    [Fact]
    public async Task InvalidRequests_Are4xxOpenAiErrors_NamingTheParameter_WithoutUpstreamCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);

        using (var response = await env.PostRawAsync("{\"model\":\"grok-3\",\"messages\":[", ct))
        {
            var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json", ct);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, error.GetProperty("param").ValueKind);
        }

        var empty = new JsonObject { ["model"] = "grok-3", ["messages"] = new JsonArray() };
        await ExpectAsync(env, empty, HttpStatusCode.BadRequest, "invalid_request_error", "empty_array", "messages", ct);

        var noModel = ChatBodies.Text("grok-3", "hi");
        noModel.Remove("model");
        await ExpectAsync(env, noModel, HttpStatusCode.BadRequest, "invalid_request_error", "missing_required_parameter", "model", ct);

        var badStream = ChatBodies.Text("grok-3", "hi");
        badStream["stream"] = "yes";
        await ExpectAsync(env, badStream, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_type", "stream", ct);

        var bareBase64 = ChatBodies.WithImage("grok-3", "look", Convert.ToBase64String(ImageServer.RandomPng(300)));
        await ExpectAsync(env, bareBase64, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_media", "messages[0].content[1].image_url.url", ct);

        var functionRole = ChatBodies.Text("grok-3", "hi");
        ((JsonArray)functionRole["messages"]!).Add(new JsonObject { ["role"] = "function", ["content"] = "42", ["name"] = "f" });
        await ExpectAsync(env, functionRole, HttpStatusCode.BadRequest, "invalid_request_error", "unsupported_role", "messages[1].role", ct);

        var toolWithoutCallId = ChatBodies.Text("grok-3", "hi");
        ((JsonArray)toolWithoutCallId["messages"]!).Add(new JsonObject { ["role"] = "tool", ["content"] = "42" });
        await ExpectAsync(env, toolWithoutCallId, HttpStatusCode.BadRequest, "invalid_request_error", "missing_required_parameter", "messages[1].tool_call_id", ct);

        // grok-imagine-1.0 is served through chat (issue 9); its image_config is checked before any upstream call.
        var tooManyImages = ChatBodies.Text("grok-imagine-1.0", "a cat");
        tooManyImages["image_config"] = new JsonObject { ["n"] = 11 };
        await ExpectAsync(env, tooManyImages, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value", "image_config.n", ct);
        await ExpectAsync(env, ChatBodies.Text("grok-0-unknown", "hi"), HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", "model", ct);

        Assert.Empty(env.Simulator.Requests);
        Assert.Equal(0, env.InFlight);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(token).Quota);
    }

    [Fact]
    public async Task BodyOverMaxBodyMb_Is413OpenAiError_WithContentLengthAndChunked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxBodyMb = 1 });
        await env.AddTokenAsync(ct);
        var big = ChatBodies.WithImage("grok-3", "huge", "data:image/png;base64," + Convert.ToBase64String(new byte[1024 * 1024])).ToJsonString();

        using (var response = await env.PostRawAsync(big, ct))
        {
            await OpenAiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large", ct);
        }

        // Without Content-Length (chunked), the limit is found while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        using (var chunked = await env.Http.SendAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(30), ct))
        {
            await OpenAiAssert.ErrorAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "request_too_large", ct);
        }

        Assert.Empty(env.Simulator.Requests);

        // A body under the limit is served.
        using var small = await env.PostAsync(ChatBodies.Text("grok-3", "small"), ct);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    private static async Task ExpectAsync(ChatEnvironment env, JsonObject body, HttpStatusCode status, string type, string code, string param, CancellationToken ct)
    {
        // Each case is sent as a plain and as a stream request, unless "stream" itself is the bad value.
        var keepStream = body["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.String;
        foreach (var stream in keepStream ? [false] : new[] { false, true })
        {
            if (!keepStream)
            {
                body["stream"] = stream;
            }

            using var response = await env.PostAsync(body, ct);
            var error = await OpenAiAssert.ErrorAsync(response, status, type, code, ct);
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }
}
