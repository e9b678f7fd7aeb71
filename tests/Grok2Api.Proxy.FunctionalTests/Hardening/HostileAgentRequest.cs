using System.Text;
using CsCheck;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Hardening;

/// <summary>
/// Requests of agents and coding tools (issue 12): chat completions with tools, the Responses API
/// (create, retrieve, delete, input items) and Anthropic Messages (create, count_tokens), each a valid
/// body with one field replaced by any JSON value, plus the generic hostile bodies. Valid ones run
/// real answers, tool calls included, against the simulator.
/// </summary>
internal static class HostileAgentRequest
{
    private const string Tool = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";
    private const string ResponsesTool = "{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather\",\"parameters\":{\"type\":\"object\"}}";
    private const string AnthropicTool = "{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":{\"type\":\"object\"}}";

    private static readonly string[] ChatFields = ["tools", "tool_choice", "parallel_tool_calls", "messages", "stream", "model"];
    private static readonly string[] ResponsesFields =
        ["input", "instructions", "tools", "tool_choice", "reasoning", "max_output_tokens", "store", "previous_response_id", "stream", "model", "metadata", "parallel_tool_calls"];
    private static readonly string[] MessagesFields =
        ["messages", "system", "max_tokens", "tools", "tool_choice", "thinking", "stop_sequences", "temperature", "stream", "model", "metadata"];

    private static readonly string[] ReadPaths =
    [
        "/v1/responses/resp_0123456789abcdef0123456789abcdef", "/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items",
        "/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items?limit=0&order=sideways&after=%00",
        "/v1/responses/..%2f..%2fconfig.toml", "/v1/responses/%00", "/v1/responses/" + new string('r', 400),
        "/v1/responses/resp_x/input_items?limit=101", "/v1/messages/count_tokens",
    ];

    /// <summary>The generator.</summary>
    public static Gen<HostileRequest> Requests { get; } =
        Gen.Frequency(
            (4, Gen.Select(Gen.OneOf(ChatFields), HostileInput.JsonValue(2))
                .Select((field, value) => Post("/v1/chat/completions", ChatBody(field, value)))),
            (5, Gen.Select(Gen.OneOf(ResponsesFields), HostileInput.JsonValue(2))
                .Select((field, value) => Post("/v1/responses", ResponsesBody(field, value)))),
            (5, Gen.Select(Gen.OneOf(MessagesFields), HostileInput.JsonValue(2), Gen.Bool)
                .Select((field, value, count) => Post(count ? "/v1/messages/count_tokens" : "/v1/messages", MessagesBody(field, value)))),
            (2, Gen.Select(Gen.OneOf("/v1/responses", "/v1/messages", "/v1/messages/count_tokens"), HostileInput.Body)
                .Select((path, body) => new HostileRequest("POST", path, "application/json", null, null, body))),
            (2, Gen.Select(Gen.OneOf("GET", "DELETE", "POST"), Gen.OneOf(ReadPaths))
                .Select((method, path) => new HostileRequest(method, path, null, null, null, []))));

    private static HostileRequest Post(string path, string body) => new("POST", path, "application/json", null, null, Encoding.UTF8.GetBytes(body));

    private static string ChatBody(string field, string value) => Object(
        new()
        {
            ["model"] = "\"grok-4.1-fast\"",
            ["messages"] = "[{\"role\":\"user\",\"content\":\"get_weather {\\\"city\\\":\\\"Paris\\\"}\"}]",
            ["tools"] = "[" + Tool + "]",
            ["tool_choice"] = "\"auto\"",
        },
        field,
        value);

    private static string ResponsesBody(string field, string value) => Object(
        new()
        {
            ["model"] = "\"grok-4.1-fast\"",
            ["input"] = "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"get_weather please\"}]},{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"sunny\"}]",
            ["tools"] = "[" + ResponsesTool + "]",
            ["store"] = "false",
        },
        field,
        value);

    private static string MessagesBody(string field, string value) => Object(
        new()
        {
            ["model"] = "\"grok-4.1-fast\"",
            ["max_tokens"] = "256",
            ["messages"] = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"get_weather now\"}]},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"sunny\"}]}]",
            ["tools"] = "[" + AnthropicTool + "]",
        },
        field,
        value);

    private static string Object(Dictionary<string, string> fields, string field, string value)
    {
        fields[field] = value;
        return "{" + string.Join(",", fields.Select(f => "\"" + f.Key + "\":" + f.Value)) + "}";
    }
}
