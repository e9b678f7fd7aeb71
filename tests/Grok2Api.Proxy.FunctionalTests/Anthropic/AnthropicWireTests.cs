using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Anthropic;

/// <summary>
/// <c>/v1/messages</c> on the wire, without an SDK: the exact order of the stream's events, the error
/// event that ends a stream failing after it began, the shared admission's errors (415, 413, 401) in
/// Anthropic's shape, <c>x-api-key</c>, and refusals of what the gateway cannot serve.
/// </summary>
public sealed class AnthropicWireTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stream_EventsComeInTheProtocolsOrder_ThinkingSignedBeforeItsStop()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("Hello there, friend.", thinking: "Think first."));
        var body = Body("hi", stream: true);
        body["max_tokens"] = 4096;
        body["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = 1024 };

        using var response = await PostAsync(env, "/v1/messages", body.ToJsonString(), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync(ct));

        var types = Collapse(events.Select(e => e.Name == "content_block_delta" ? "delta:" + e.Data["delta"]!["type"] : e.Name));
        Assert.Equal(
            [
                "message_start", "ping",
                "content_block_start", "delta:thinking_delta", "delta:signature_delta", "content_block_stop",
                "content_block_start", "delta:text_delta", "content_block_stop",
                "message_delta", "message_stop",
            ],
            types);
        Assert.All(events, e => Assert.Equal(e.Name, e.Data["type"]!.GetValue<string>()));
        var start = events[0].Data["message"]!;
        Assert.Equal("grok-3", start["model"]!.GetValue<string>());
        Assert.Empty(start["content"]!.AsArray());
        Assert.True(start["usage"]!["input_tokens"]!.GetValue<int>() > 0);
        Assert.Equal("thinking", events[2].Data["content_block"]!["type"]!.GetValue<string>());
        Assert.Equal(0, events[2].Data["index"]!.GetValue<int>());
        var textStart = events.First(e => e.Name == "content_block_start" && e.Data["content_block"]!["type"]!.GetValue<string>() == "text");
        Assert.Equal(1, textStart.Data["index"]!.GetValue<int>());
        var delta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("end_turn", delta["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.True(delta["usage"]!["output_tokens"]!.GetValue<int>() > 0);
        var thinking = string.Concat(events.Where(e => e.Name == "content_block_delta" && e.Data["delta"]!["type"]!.GetValue<string>() == "thinking_delta")
            .Select(e => e.Data["delta"]!["thinking"]!.GetValue<string>()));
        Assert.Equal("Think first.", thinking);
    }

    [Fact]
    public async Task Stream_ToolCall_IsAToolUseBlockWithItsInputAsOneJsonDelta_StopReasonToolUse()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>"));
        var body = Body("weather?", stream: true);
        body["tools"] = new JsonArray(new JsonObject
        {
            ["name"] = "get_weather",
            ["input_schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } },
        });

        using var response = await PostAsync(env, "/v1/messages", body.ToJsonString(), ct);
        var events = ParseEvents(await response.Content.ReadAsStringAsync(ct));

        var block = events.Single(e => e.Name == "content_block_start").Data["content_block"]!;
        Assert.Equal("tool_use", block["type"]!.GetValue<string>());
        Assert.Equal("get_weather", block["name"]!.GetValue<string>());
        Assert.Matches("^toolu_[0-9A-Za-z]{24}$", block["id"]!.GetValue<string>());
        var json = events.Single(e => e.Name == "content_block_delta").Data["delta"]!;
        Assert.Equal("input_json_delta", json["type"]!.GetValue<string>());
        Assert.Equal("Paris", JsonNode.Parse(json["partial_json"]!.GetValue<string>())!["city"]!.GetValue<string>());
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data["delta"]!["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_FailureAfterItBegan_EndsWithOneErrorEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var (first, _) = await env.AddTwoTokensAsync(ct);
        env.Simulator.Chat.Enqueue(first, ChatScript.Answer("Alpha beta gamma delta epsilon zeta eta theta iota kappa."));
        env.Simulator.Faults.Enqueue(first, ChatFailoverTests.ErrorLine("stream-errors", afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        using var response = await PostAsync(env, "/v1/messages", Body("long answer", stream: true).ToJsonString(), ct);
        var events = ParseEvents(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal("message_start", events[0].Name);
        Assert.Contains(events, e => e.Name == "content_block_delta");
        var last = events[^1];
        Assert.Equal("error", last.Name);
        Assert.Equal("error", last.Data["type"]!.GetValue<string>());
        Assert.Equal("api_error", last.Data["error"]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(last.Data["error"]!["message"]!.GetValue<string>()));
        Assert.DoesNotContain(events, e => e.Name is "message_stop" or "message_delta");
    }

    [Fact]
    public async Task Admission_415And413_AndUnknownSubpath404_AreInAnthropicsShape()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { MaxBodyMb = 1 });

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") })
        using (var response = await env.Http.SendAsync(request, ct).WaitAsync(Bound, ct))
        {
            await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "invalid_request_error", ct);
        }

        var huge = Body(new string('x', 1_200_000)).ToJsonString();
        using (var response = await PostAsync(env, "/v1/messages/count_tokens", huge, ct))
        {
            await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", ct);
        }

        using (var response = await PostAsync(env, "/v1/messages/batches", Body("hi").ToJsonString(), ct))
        {
            await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found_error", ct);
        }
    }

    [Fact]
    public async Task ApiKey_XApiKeyIsAccepted_MissingKeyIs401InAnthropicsShape_OpenAiPathsKeepTheirShape()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "sk-wire-key-7";
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = $"api_key = \"{Key}\"" });

        using (var response = await PostAsync(env, "/v1/messages/count_tokens", Body("hi").ToJsonString(), ct, xApiKey: Key, version: true))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["input_tokens"]!.GetValue<int>());
        }

        using (var response = await PostAsync(env, "/v1/messages", Body("hi").ToJsonString(), ct))
        {
            var error = await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", ct);
            Assert.Contains("x-api-key", error, StringComparison.Ordinal);
        }

        using (var response = await PostAsync(env, "/v1/messages", Body("hi").ToJsonString(), ct, xApiKey: "sk-wrong"))
        {
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", ct);
        }

        // x-api-key is the Messages API's header only; the OpenAI surface keeps Bearer and its own error shape.
        using (var response = await PostAsync(env, "/v1/chat/completions", """{"model":"grok-3","messages":[{"role":"user","content":"hi"}]}""", ct, xApiKey: Key))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            Assert.Equal("invalid_api_key", body["error"]!["code"]!.GetValue<string>());
            Assert.Null(body["type"]);
        }
    }

    [Fact]
    public async Task ClaudeCodeShapedRequest_BearerTokenBetaQueryCacheMarks_StreamsAToolUse()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "sk-claude-code";
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = $"api_key = \"{Key}\"" });
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("I'll list the files.\n<tool_call>{\"name\":\"Bash\",\"arguments\":{\"command\":\"ls\",\"description\":\"List files\"}}</tool_call>", thinking: "The user wants files."));
        const string Body = """
            {
              "model": "grok-4", "max_tokens": 32000, "stream": true,
              "metadata": {"user_id": "user_abc_account__session_123"},
              "thinking": {"type": "enabled", "budget_tokens": 31999},
              "system": [
                {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude.", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "Use the tools.", "cache_control": {"type": "ephemeral"}}
              ],
              "tools": [
                {"name": "Bash", "description": "Runs a command.", "input_schema": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"command": {"type": "string"}, "description": {"type": "string"}}, "required": ["command"], "additionalProperties": false}},
                {"name": "Read", "description": "Reads a file.", "input_schema": {"type": "object", "properties": {"file_path": {"type": "string"}}}, "cache_control": {"type": "ephemeral"}}
              ],
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "<system-reminder>context</system-reminder>"},
                  {"type": "text", "text": "list the files", "cache_control": {"type": "ephemeral"}}
                ]}
              ]
            }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14");
        request.Headers.Add("x-app", "cli");

        using var response = await env.Http.SendAsync(request, ct).WaitAsync(Bound, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var events = ParseEvents(text);

        var blocks = events.Where(e => e.Name == "content_block_start").Select(e => e.Data["content_block"]!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["thinking", "text", "tool_use"], blocks);
        var json = events.Single(e => e.Name == "content_block_delta" && e.Data["delta"]!["type"]!.GetValue<string>() == "input_json_delta").Data["delta"]!["partial_json"]!.GetValue<string>();
        Assert.Equal("ls", JsonNode.Parse(json)!["command"]!.GetValue<string>());
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Theory]
    [InlineData("""{"model":"grok-3","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", "tools.0.type")]
    [InlineData("""{"model":"grok-3","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"grok-3","max_tokens":10,"messages":[]}""", "messages")]
    [InlineData("""{"model":"grok-3","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_x","content":"r"}]}]}""", "tool_use_id")]
    [InlineData("""{"model":"grok-3","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"AAAA"}}]}]}""", "media_type")]
    [InlineData("""{"model":"grok-3","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"bad name","input_schema":{}}]}""", "tools.0.name")]
    [InlineData("""{"model":"grok-imagine-1.0","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""not json""", "JSON")]
    public async Task BadRequests_Are400InvalidRequestError_NamingTheField(string json, string named)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await PostAsync(env, "/v1/messages", json, ct);

        var message = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", ct);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    private static JsonObject Body(string text, bool stream = false) => new()
    {
        ["model"] = "grok-3",
        ["max_tokens"] = 1024,
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
    };

    private static async Task<HttpResponseMessage> PostAsync(ChatEnvironment env, string path, string json, CancellationToken ct, string? xApiKey = null, bool version = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (xApiKey is not null)
        {
            request.Headers.Add("x-api-key", xApiKey);
        }

        if (version)
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
            request.Headers.Add("anthropic-beta", "interleaved-thinking-2025-05-14");
        }

        return await env.Http.SendAsync(request, ct).WaitAsync(Bound, ct);
    }

    // The error's message, after checking the status and the whole shape.
    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal(type, body["error"]!["type"]!.GetValue<string>());
        return body["error"]!["message"]!.GetValue<string>();
    }

    private static List<(string Name, JsonNode Data)> ParseEvents(string text)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            events.Add((lines[0]["event: ".Length..], JsonNode.Parse(lines[1]["data: ".Length..])!));
        }

        return events;
    }

    // Runs of the same delta type collapse into one entry.
    private static List<string> Collapse(IEnumerable<string> names)
    {
        var collapsed = new List<string>();
        foreach (var name in names)
        {
            if (collapsed.Count == 0 || collapsed[^1] != name || !name.StartsWith("delta:", StringComparison.Ordinal))
            {
                collapsed.Add(name);
            }
        }

        return collapsed;
    }
}
