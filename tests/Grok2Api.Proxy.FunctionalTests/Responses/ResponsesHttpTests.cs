using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Responses;

/// <summary>
/// The Responses API on the wire: the order and numbering of the stream's events, a failure after the
/// stream began (one <c>response.failed</c>, never a stream that just stops), and bad requests answered
/// with 400/404 in the OpenAI error shape before any upstream call.
/// </summary>
public sealed class ResponsesHttpTests
{
    [Fact]
    public async Task Stream_ReasoningTextAndToolCall_EventsComeInTheProtocolsOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer("""Checking.<tool_call>{"name":"get_weather","arguments":{"city":"Oslo"}}</tool_call>""", thinking: "Need the weather."));

        var events = await ResponsesTestClient.StreamAsync(env, new JsonObject
        {
            ["model"] = "grok-3",
            ["input"] = "weather in Oslo?",
            ["stream"] = true,
            ["store"] = false,
            ["reasoning"] = new JsonObject { ["effort"] = "medium", ["summary"] = "auto" },
            ["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } }),
        }, ct);

        var types = events.Select(e => e.Event).Where(t => !t.EndsWith(".delta", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added", "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ], types);
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Event, e.Data.GetProperty("type").GetString()));
        Assert.Equal("Need the weather.", string.Concat(events.Where(e => e.Event == "response.reasoning_summary_text.delta").Select(e => e.Data.GetProperty("delta").GetString())));
        Assert.Equal("Checking.", string.Concat(events.Where(e => e.Event == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString())));
        Assert.Equal("""{"city":"Oslo"}""", events.Single(e => e.Event == "response.function_call_arguments.done").Data.GetProperty("arguments").GetString());

        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal(["reasoning", "message", "function_call"], response.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(events[0].Data.GetProperty("response").GetProperty("id").GetString(), response.GetProperty("id").GetString());
        Assert.Equal("get_weather", response.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task MaxOutputTokens_TextCutAtTheLimit_ResponseIncompleteWithItsReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(null, ChatScript.Answer(string.Join(' ', Enumerable.Repeat("word", 200))));

        var events = await ResponsesTestClient.StreamAsync(env, new JsonObject
        {
            ["model"] = "grok-3",
            ["input"] = "talk a lot",
            ["stream"] = true,
            ["store"] = false,
            ["max_output_tokens"] = 16,
        }, ct);

        Assert.Equal("response.incomplete", events[^1].Event);
        var response = events[^1].Data.GetProperty("response");
        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(16, response.GetProperty("max_output_tokens").GetInt32());
        var text = string.Concat(events.Where(e => e.Event == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.StartsWith("word word", text, StringComparison.Ordinal);
        Assert.True(text.Length < 200, $"{text.Length} characters passed the 16-token limit");
    }

    [Fact]
    public async Task Stream_UpstreamFailsAfterOutput_EndsWithOneResponseFailedEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        var token = await env.AddTokenAsync(ct);
        env.Simulator.Chat.Enqueue(token, ChatScript.Answer("Alpha beta gamma delta epsilon zeta eta theta iota kappa."));
        env.Simulator.Faults.Enqueue(token, ChatFailoverTests.ErrorLine("stream-errors", afterLines: 4).OnlyFor(UpstreamPaths.ConversationsNew));

        var events = await ResponsesTestClient.StreamAsync(env, new JsonObject { ["model"] = "grok-3", ["input"] = "long answer", ["stream"] = true }, ct);

        Assert.Contains(events, e => e.Event == "response.output_text.delta");
        var last = events[^1];
        Assert.Equal("response.failed", last.Event);
        Assert.Single(events, e => e.Event == "response.failed");
        Assert.DoesNotContain(events, e => e.Event == "response.completed");
        var response = last.Data.GetProperty("response");
        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(response.GetProperty("error").GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(response.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
    }

    [Theory]
    [InlineData("""{"model":"grok-3"}""", "input", "missing_required_parameter")]
    [InlineData("""{"model":"grok-3","input":42}""", "input", "invalid_type")]
    [InlineData("""{"model":"grok-3","input":[{"role":"robot","content":"hi"}]}""", "input[0].role", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":[{"type":"computer_call","call_id":"c"}]}""", "input[0].type", "unsupported_value")]
    [InlineData("""{"model":"grok-3","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}""", "input[0].content[0].file_id", "unsupported_value")]
    [InlineData("""{"model":"grok-3","input":[{"role":"user","content":[{"type":"input_image","image_url":"ftp://x/y.png"}]}]}""", "input[0].content[0].image_url", "invalid_media")]
    [InlineData("""{"model":"grok-3","input":[{"type":"function_call","call_id":"c1","name":"f","arguments":"not json"}]}""", "input[0].arguments", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","tools":[{"type":"web_search"}]}""", "tools[0].type", "unsupported_value")]
    [InlineData("""{"model":"grok-3","input":"hi","tools":[{"type":"function","name":"a b"}]}""", "tools[0].name", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"g"}}""", "tool_choice", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","tool_choice":"required"}""", "tool_choice", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","reasoning":{"effort":"extreme"}}""", "reasoning.effort", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","max_output_tokens":0}""", "max_output_tokens", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"hi","temperature":3}""", "temperature", "decimal_above_max_value")]
    [InlineData("""{"model":"grok-3","input":"hi","metadata":{"k":1}}""", "metadata", "invalid_value")]
    [InlineData("""{"model":"grok-3","input":"   "}""", "input", "empty_prompt")]
    [InlineData("""{"model":"grok-3","input":"hi","previous_response_id":"resp_0123456789abcdef0123456789abcdef"}""", "previous_response_id", "previous_response_not_found")]
    public async Task BadRequest_Is400_NamingTheParameter_NothingGoesUpstream(string body, string param, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await ResponsesTestClient.PostAsync(env, body, ct);

        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", code, ct);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    [Fact]
    public async Task UnknownModel_Is404_InvalidJson_Is400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var unknown = await ResponsesTestClient.PostAsync(env, """{"model":"grok-99-imaginary","input":"hi"}""", ct);
        await OpenAiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", ct);

        using var broken = await ResponsesTestClient.PostAsync(env, """{"model":"grok-3","input":""", ct);
        await OpenAiAssert.ErrorAsync(broken, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json", ct);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
    }

    [Fact]
    public async Task StoredRoutes_UnknownIdIs404_BadListingQueryIs400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);

        foreach (var path in new[] { "/v1/responses/resp_0123456789abcdef0123456789abcdef", "/v1/responses/not-an-id", "/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items" })
        {
            using var missing = await env.Http.GetAsync(path, ct).WaitAsync(ResponsesTestClient.Bound, ct);
            await OpenAiAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "invalid_request_error", "not_found", ct);
        }

        using var deleted = await env.Http.DeleteAsync("/v1/responses/resp_0123456789abcdef0123456789abcdef", ct).WaitAsync(ResponsesTestClient.Bound, ct);
        await OpenAiAssert.ErrorAsync(deleted, HttpStatusCode.NotFound, "invalid_request_error", "not_found", ct);

        using var badLimit = await env.Http.GetAsync("/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items?limit=101", ct).WaitAsync(ResponsesTestClient.Bound, ct);
        var error = await OpenAiAssert.ErrorAsync(badLimit, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value", ct);
        Assert.Equal("limit", error.GetProperty("param").GetString());

        using var badOrder = await env.Http.GetAsync("/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items?order=sideways", ct).WaitAsync(ResponsesTestClient.Bound, ct);
        await OpenAiAssert.ErrorAsync(badOrder, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value", ct);
    }

    [Fact]
    public async Task NonStream_EchoesTheRequestFields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
        await env.AddTokenAsync(ct);

        using var response = await ResponsesTestClient.PostAsync(env, """
            {"model":"grok-3","input":"hi","instructions":"Be kind.","temperature":0.5,"top_p":0.9,"max_output_tokens":256,
             "metadata":{"ticket":"T-1"},"store":false,"parallel_tool_calls":false,"user":"u-1","text":{"format":{"type":"text"}}}
            """, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = document.RootElement;
        Assert.Matches("^resp_[0-9a-f]{32}$", root.GetProperty("id").GetString());
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("Be kind.", root.GetProperty("instructions").GetString());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, root.GetProperty("top_p").GetDouble());
        Assert.Equal(256, root.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("T-1", root.GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.False(root.GetProperty("store").GetBoolean());
        Assert.False(root.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("text", root.GetProperty("text").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(0, root.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        var message = Assert.Single(root.GetProperty("output").EnumerateArray());
        Assert.Matches("^msg_", message.GetProperty("id").GetString());
        Assert.Equal("completed", message.GetProperty("status").GetString());
        Assert.Empty(message.GetProperty("content")[0].GetProperty("annotations").EnumerateArray());
    }

    [Fact]
    public async Task ApiKey_GuardsEveryResponsesRoute()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Key = "sk-responses-functional-key";
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { App = $"api_key = \"{Key}\"" });
        await env.AddTokenAsync(ct);

        using var post = await ResponsesTestClient.PostAsync(env, """{"model":"grok-3","input":"hi"}""", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        using var get = await env.Http.GetAsync("/v1/responses/resp_0123456789abcdef0123456789abcdef", ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        using var items = await env.Http.GetAsync("/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items", ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, items.StatusCode);
        Assert.DoesNotContain(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = new StringContent("""{"model":"grok-3","input":"hi"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var accepted = await env.Http.SendAsync(request, ct).WaitAsync(ResponsesTestClient.Bound, ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
