using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// Request size, memory and cost (docs/security.md): JSON bodies only, undecodable strings, the
/// attachment cap, the process-wide budget of bodies in flight, and a prompt that is one huge run
/// of a single character.
/// </summary>
public sealed class ChatRequestLimitsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    [InlineData("application/jsonx")]
    [InlineData(null)]
    public async Task NonJsonContentType_Is415OpenAiError_WithoutUpstreamCalls(string? contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ChatBodies.Text("grok-3", "hi").ToJsonString())),
        };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await env.Http.SendAsync(request, ct).WaitAsync(Bound, ct);

        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "invalid_request_error", "unsupported_media_type", ct);
        Assert.Contains("application/json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(env.Simulator.Requests);
        Assert.Equal(ChatEnvironment.DefaultQuota, env.View(token).Quota);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    [InlineData("application/vnd.openai+json")]
    public async Task JsonContentTypes_AreServed(string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ChatBodies.Text("grok-3", "hi").ToJsonString())),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await env.Http.SendAsync(request, ct).WaitAsync(Bound, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"\udc00":1,"model":"grok-3","messages":[{"role":"user","content":"hi"}]}""", null)]
    [InlineData("""{"model":"grok-3","messages":[{"role":"user","content":"hi"}],"temperature":1,"\ud800":2}""", null)]
    [InlineData("""{"model":"grok-3","messages":[{"role":"user","content":"hi","name":"\ud800"}]}""", "messages[0].name")]
    public async Task UnpairedSurrogateAnywhere_Is400NotA500(string json, string? param)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await env.PostRawAsync(json, ct);

        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value", ct);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task MoreAttachmentsThanChatMaxAttachments_Is400_AtTheLimitServed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxAttachments = 3 });
        await env.AddTokenAsync(ct);

        using (var over = await env.PostAsync(WithImages(4), ct))
        {
            var error = await OpenAiAssert.ErrorAsync(over, HttpStatusCode.BadRequest, "invalid_request_error", "too_many_attachments", ct);
            Assert.Equal("messages", error.GetProperty("param").GetString());
        }

        Assert.Empty(env.Simulator.Requests);
        using var at = await env.PostAsync(WithImages(3), ct);
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
        Assert.Equal(3, env.Simulator.Uploads.All.Count);
    }

    [Fact]
    public async Task DefaultAttachmentCap_IsTen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var over = await env.PostAsync(WithImages(11), ct);

        await OpenAiAssert.ErrorAsync(over, HttpStatusCode.BadRequest, "invalid_request_error", "too_many_attachments", ct);
        Assert.Empty(env.Simulator.Requests);
    }

    [Fact]
    public async Task BodiesBeyondChatMaxInflightMb_Wait_Then503_AndAreServedOnceRoomIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxInflightMb = 1, QueueTimeout = 1 });
        await env.AddTokenAsync(ct);

        // A chunked body reserves chat.max_body_mb (capped at the whole budget) until it is read:
        // this one sends 64 KB of leading white space (valid JSON, and enough to be flushed at once)
        // and then stalls, holding the budget.
        var pipe = new Pipe();
        using var stalled = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StreamContent(pipe.Reader.AsStream()),
        };
        stalled.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        stalled.Headers.TransferEncodingChunked = true;
        var first = env.Http.SendAsync(stalled, ct);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(new string(' ', 64 * 1024)), ct);
        // The reservation starts once the server reads the stalled body; until then a request is
        // served normally. Probe until the budget is seen held (bounded), rather than sleeping.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var probe = await env.PostAsync(ChatBodies.Text("grok-3", "second"), ct);
            if (probe.StatusCode != HttpStatusCode.OK)
            {
                await OpenAiAssert.ErrorAsync(probe, HttpStatusCode.ServiceUnavailable, "server_error", "server_overloaded", ct);
                Assert.Equal("1", probe.Headers.RetryAfter?.ToString());
                break;
            }

            Assert.True(clock.Elapsed < Bound, "The stalled body never held the in-flight budget.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(ChatBodies.Text("grok-3", "first").ToJsonString()), ct);
        await pipe.Writer.CompleteAsync();
        using (var served = await first.WaitAsync(Bound, ct))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var after = await env.PostAsync(ChatBodies.Text("grok-3", "third"), ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task TwoMegabytePromptOfOneCharacter_IsAnsweredWithUsage_WithinTheTestBound()
    {
        // Token counting was quadratic in the length of one pre-token: this prompt took many
        // minutes. The bound here is only the test's own 30 s wait, far above the expected time.
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Timeout = 20 });
        await env.AddTokenAsync(ct);
        var prompt = new string('a', 2 * 1024 * 1024);

        using var response = await env.PostAsync(ChatBodies.Text("grok-3", prompt), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var usage = answer.RootElement.GetProperty("usage");
        Assert.InRange(usage.GetProperty("prompt_tokens").GetInt32(), 200_000, 300_000);
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 200_000, 300_000);
    }

    private static JsonObject WithImages(int count)
    {
        var content = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "look" });
        for (var i = 0; i < count; i++)
        {
            content.Add(new JsonObject
            {
                ["type"] = "image_url",
                ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(ImageServer.RandomPng(100 + i)) },
            });
        }

        return new JsonObject
        {
            ["model"] = "grok-3",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
        };
    }
}
