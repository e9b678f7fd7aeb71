using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Responses;
using Grok2Api.Transforms.Tests.Timing;

namespace Grok2Api.Transforms.Tests.OpenAi.Responses;

/// <summary>The reader of <c>POST /v1/responses</c> bodies: input items into neutral messages, tools, reasoning, and the 400s.</summary>
public sealed class ResponsesRequestReaderTests
{
    private static ResponsesRequest Read(string json)
    {
        Assert.True(ResponsesRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request, out var error), error?.Message);
        return request;
    }

    private static string Error(string json)
    {
        Assert.False(ResponsesRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out _, out var error));
        return error.Param ?? "";
    }

    [Fact]
    public void StringInput_IsOneUserMessage_WithDefaults()
    {
        var request = Read("""{"model":"grok-3","input":"hello"}""");

        var message = Assert.Single(request.Messages);
        Assert.Equal("user", message.Role);
        Assert.Equal("hello", Assert.Single(message.Parts).Text);
        Assert.True(request.Store);
        Assert.False(request.Stream);
        Assert.True(request.ParallelToolCalls);
        Assert.Null(request.Tools);
        using var item = JsonDocument.Parse(Assert.Single(request.InputItems));
        Assert.StartsWith("msg_", item.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("input_text", item.RootElement.GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Items_MessagesCallsAndOutputs_BecomeTurnsWithToolCallsAndToolResults()
    {
        var request = Read("""
            {"model":"grok-3","instructions":"Be brief.","input":[
              {"role":"developer","content":"rules"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"weather?"},{"type":"input_image","image_url":"https://example.com/a.png"}]},
              {"type":"reasoning","id":"rs_1","summary":[]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
              {"type":"function_call","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call","call_id":"call_b","name":"get_time","arguments":""},
              {"type":"function_call_output","call_id":"call_a","output":"sunny"},
              {"type":"function_call_output","call_id":"call_b","output":[{"type":"input_text","text":"noon"}]}
            ]}
            """);

        Assert.Equal(["developer", "user", "assistant", "tool", "tool"], request.Messages.Select(m => m.Role));
        Assert.Equal(ConversationPartKind.Image, request.Messages[1].Parts[1].Kind);
        var turn = request.Messages[2];
        Assert.Equal("Checking.", Assert.Single(turn.Parts).Text);
        Assert.Equal([new ToolCall("call_a", "get_weather", """{"city":"Paris"}"""), new ToolCall("call_b", "get_time", "{}")], turn.ToolCalls);
        Assert.Equal("call_a", request.Messages[3].ToolCallId);
        Assert.Equal("noon", request.Messages[4].Parts[0].Text);

        var conversation = request.ToConversation([]);
        Assert.Equal("system", conversation.Messages[0].Role);
        Assert.Equal("Be brief.", conversation.Messages[0].Parts[0].Text);
        Assert.Equal("get_weather", conversation.Messages[4].ToolName);
        Assert.Equal("get_time", conversation.Messages[5].ToolName);

        // The reasoning item is ignored; every other item is listed with an id.
        Assert.Equal(7, request.InputItems.Count);
        Assert.All(request.InputItems, i => Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(i).RootElement.GetProperty("id").GetString())));
    }

    [Fact]
    public void ToConversation_PutsHistoryAfterTheInstructionsAndBeforeTheInput()
    {
        var request = Read("""{"model":"grok-3","instructions":"Now.","input":[{"type":"function_call_output","call_id":"c1","output":"42"}]}""");
        ConversationMessage[] history =
        [
            new("user", [new ConversationPart(ConversationPartKind.Text, "compute", null, null, "x")]),
            new("assistant", []) { ToolCalls = [new ToolCall("c1", "calc", "{}")] },
        ];

        var conversation = request.ToConversation(history);

        Assert.Equal(["system", "user", "assistant", "tool"], conversation.Messages.Select(m => m.Role));
        Assert.Equal("calc", conversation.Messages[3].ToolName);
    }

    [Fact]
    public void ToolsChoiceAndReasoning_AreRead()
    {
        var request = Read("""
            {"model":"grok-3","input":"hi","parallel_tool_calls":false,
             "tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true}],
             "tool_choice":{"type":"function","name":"get_weather"},
             "reasoning":{"effort":"high","summary":"detailed"},"max_output_tokens":100,"previous_response_id":"resp_x","stream":true,"store":false}
            """);

        var tools = Assert.IsType<ToolSet>(request.Tools);
        Assert.Equal(ToolChoiceMode.Function, tools.Choice);
        Assert.Equal("get_weather", tools.Required);
        Assert.False(tools.Parallel);
        Assert.Equal(new ToolDefinition("get_weather", "Weather", """{"type":"object"}"""), Assert.Single(tools.Tools));
        Assert.Equal("high", request.ReasoningEffort);
        Assert.Equal("high", request.Options.ReasoningEffort);
        Assert.Equal("detailed", request.ReasoningSummary);
        Assert.Equal(100, request.MaxOutputTokens);
        Assert.Equal("resp_x", request.PreviousResponseId);
        Assert.True(request.Stream);
        Assert.False(request.Store);
    }

    [Fact]
    public void ToolChoiceNone_KeepsTheToolsButDoesNotDescribeThem()
    {
        var request = Read("""{"model":"grok-3","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":"none"}""");

        Assert.False(request.Tools!.Described);
    }

    [Theory]
    [InlineData("""[1]""", "")]
    [InlineData("""{"input":"hi"}""", "model")]
    [InlineData("""{"model":"grok-3","input":[{"role":"user"}]}""", "input[0].content")]
    [InlineData("""{"model":"grok-3","input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://e.com/a.png"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"model":"grok-3","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]}""", "input[0].content[0].file_id")]
    [InlineData("""{"model":"grok-3","input":[{"role":"user","content":[{"type":"input_file","file_data":"aGVsbG8="}]}]}""", "input[0].content[0].file_data")]
    [InlineData("""{"model":"grok-3","input":[{"type":"function_call_output","call_id":"c"}]}""", "input[0].output")]
    [InlineData("""{"model":"grok-3","input":[{"type":"function_call","call_id":"","name":"f","arguments":"{}"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"grok-3","input":"hi","tools":[{"type":"file_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"grok-3","input":"hi","tools":[{"type":"function","name":"f"},{"type":"function","name":"f"}]}""", "tools[1].name")]
    [InlineData("""{"model":"grok-3","input":"hi","tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"model":"grok-3","input":"hi","reasoning":{"summary":"long"}}""", "reasoning.summary")]
    [InlineData("""{"model":"grok-3","input":"hi","max_output_tokens":1.5}""", "max_output_tokens")]
    [InlineData("""{"model":"grok-3","input":"hi","previous_response_id":""}""", "previous_response_id")]
    [InlineData("""{"model":"grok-3","input":"hi","stream":"yes"}""", "stream")]
    public void InvalidBodies_AreRefused_NamingTheParameter(string json, string param)
    {
        Assert.Equal(param, Error(json));
    }

    [Fact]
    public void ManyConsecutiveCallsAndTools_JoinOneTurn_InLinearTime()
    {
        static string Body(int count)
        {
            var body = new StringBuilder("""{"model":"grok-3","tools":[""");
            for (var i = 0; i < count; i++)
            {
                body.Append(i == 0 ? "" : ",").Append("{\"type\":\"function\",\"name\":\"t").Append(i).Append("\"}");
            }

            body.Append("""],"input":[{"role":"assistant","content":"calling"}""");
            for (var i = 0; i < count; i++)
            {
                body.Append(",{\"type\":\"function_call\",\"call_id\":\"c").Append(i).Append("\",\"name\":\"t1\",\"arguments\":\"{}\"}");
            }

            return body.Append("]}").ToString();
        }

        var request = Read(Body(50_000));
        Assert.Equal(50_000, Assert.Single(request.Messages).ToolCalls.Count);
        Assert.Equal(50_000, request.Tools!.Tools.Count);

        // Ten times the calls and tools take about ten times as long, far below the hundred times of quadratic work.
        var bodies = new Dictionary<int, string> { [5_000] = Body(5_000), [50_000] = Body(50_000) };
        Linearity.Assert(count => Read(bodies[count]), small: 5_000, factor: 10, allowed: 40);
    }
}
