using System.Globalization;
using CsCheck;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.OpenAi.Chat;
using static Grok2Api.Transforms.Tests.OpenAi.Chat.ChatRequestTestBodies;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>The tool parameters of a chat request (tools, tool_choice, parallel_tool_calls) and tool messages.</summary>
public sealed class ChatRequestReaderToolsTests
{
    private const string Weather = """{"type":"function","function":{"name":"get_weather","description":"Weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";
    private const string Time = """{"type":"function","function":{"name":"get-time_2"}}""";

    private static string WithTools(string extra = "", string tools = $"[{Weather},{Time}]") => Body(extra: $",\"tools\":{tools}{extra}");

    [Fact]
    public void Read_Tools_KeptWithRawParametersAndAutoChoice()
    {
        var request = ReadValid(WithTools());

        var tools = Assert.IsType<ToolSet>(request.Tools);
        Assert.Equal(ToolChoiceMode.Auto, tools.Choice);
        Assert.True(tools.Parallel);
        Assert.True(tools.Described);
        Assert.Null(tools.Required);
        Assert.Equal(2, tools.Tools.Count);
        Assert.Equal(new ToolDefinition(
            "get_weather",
            "Weather of a city",
            """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), tools.Tools[0]);
        Assert.Equal(new ToolDefinition("get-time_2", null, "{}"), tools.Tools[1]);
        Assert.Same(tools, request.ToConversation().Tools);
    }

    [Fact]
    public void Read_ParametersWithSpacesAndUnicode_KeptAsSent()
    {
        const string Parameters = """{ "type" : "object", "description": "caf\u00e9 \"q\" é <b>" }""";
        var request = ReadValid(WithTools(tools: $$$"""[{"type":"function","function":{"name":"f","parameters":{{{Parameters}}}}}]"""));

        Assert.Equal(Parameters, request.Tools!.Tools[0].ParametersJson);
    }

    [Theory]
    [InlineData("\"none\"", ToolChoiceMode.None, null)]
    [InlineData("\"auto\"", ToolChoiceMode.Auto, null)]
    [InlineData("\"required\"", ToolChoiceMode.Required, null)]
    [InlineData("""{"type":"function","function":{"name":"get-time_2"}}""", ToolChoiceMode.Function, "get-time_2")]
    [InlineData("null", ToolChoiceMode.Auto, null)]
    public void Read_ToolChoice_Mapped(string choice, ToolChoiceMode mode, string? required)
    {
        var tools = ReadValid(WithTools($",\"tool_choice\":{choice}")).Tools!;

        Assert.Equal(mode, tools.Choice);
        Assert.Equal(required, tools.Required);
        Assert.Equal(mode != ToolChoiceMode.None, tools.Described);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData("null", true)]
    public void Read_ParallelToolCalls_DefaultTrue(string value, bool parallel)
    {
        Assert.Equal(parallel, ReadValid(WithTools($",\"parallel_tool_calls\":{value}")).Tools!.Parallel);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"tools\":null")]
    [InlineData(",\"tools\":[]")]
    [InlineData(",\"tools\":[],\"tool_choice\":\"auto\"")]
    [InlineData(",\"tool_choice\":\"none\"")]
    [InlineData(",\"parallel_tool_calls\":false")]
    public void Read_NoTools_NoToolSet(string extra)
    {
        Assert.Null(ReadValid(Body(extra: extra)).Tools);
    }

    [Theory]
    [InlineData("\"tools\":{}", "tools", "invalid_type")]
    [InlineData("\"tools\":[1]", "tools[0]", "invalid_type")]
    [InlineData("\"tools\":[{\"function\":{\"name\":\"f\"}}]", "tools[0].type", "missing_required_parameter")]
    [InlineData("\"tools\":[{\"type\":\"retrieval\",\"function\":{\"name\":\"f\"}}]", "tools[0].type", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\"}]", "tools[0].function", "missing_required_parameter")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":\"f\"}]", "tools[0].function", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{}}]", "tools[0].function.name", "missing_required_parameter")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":7}}]", "tools[0].function.name", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":1}}]", "tools[0].function.description", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]", "tools[0].function.parameters", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]", "tools[0].function.parameters", "invalid_type")]
    public void Read_BadTool_ErrorNamesThePlace(string member, string param, string code)
    {
        ReadError(Body(extra: "," + member), param, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("get weather")]
    [InlineData("get.weather")]
    [InlineData("météo")]
    [InlineData("a/b")]
    [InlineData("x<y")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Read_InvalidToolName_NamesTheThirdTool(string name)
    {
        var tools = $$$"""[{{{Weather}}},{{{Time}}},{"type":"function","function":{"name":"{{{name}}}"}}]""";

        var error = ReadError(WithTools(tools: tools), "tools[2].function.name", "invalid_value");

        Assert.Contains("a-z, A-Z, 0-9, '_' and '-'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ToolNameOf64Characters_Accepted()
    {
        var name = new string('a', 64);

        Assert.Equal(name, ReadValid(WithTools(tools: $$$"""[{"type":"function","function":{"name":"{{{name}}}"}}]""")).Tools!.Tools[0].Name);
    }

    [Fact]
    public void Read_DuplicateToolName_Refused()
    {
        var error = ReadError(WithTools(tools: $"[{Weather},{Time},{Weather}]"), "tools[2].function.name", "invalid_value");

        Assert.Contains("'get_weather'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"any\"", "tool_choice", "invalid_value")]
    [InlineData("\"Auto\"", "tool_choice", "invalid_value")]
    [InlineData("3", "tool_choice", "invalid_type")]
    [InlineData("[]", "tool_choice", "invalid_type")]
    [InlineData("""{"function":{"name":"get_weather"}}""", "tool_choice.type", "missing_required_parameter")]
    [InlineData("""{"type":"allowed_tools","function":{"name":"get_weather"}}""", "tool_choice.type", "invalid_value")]
    [InlineData("""{"type":"function"}""", "tool_choice.function", "missing_required_parameter")]
    [InlineData("""{"type":"function","function":{}}""", "tool_choice.function.name", "missing_required_parameter")]
    [InlineData("""{"type":"function","function":{"name":"get_time"}}""", "tool_choice.function.name", "invalid_value")]
    public void Read_BadToolChoice_ErrorNamesThePlace(string choice, string param, string code)
    {
        ReadError(WithTools($",\"tool_choice\":{choice}"), param, code);
    }

    [Theory]
    [InlineData("\"required\"")]
    [InlineData("""{"type":"function","function":{"name":"f"}}""")]
    public void Read_ChoiceThatNeedsToolsWithoutTools_Refused(string choice)
    {
        var error = ReadError(Body(extra: $",\"tool_choice\":{choice}"), "tool_choice", "invalid_value");

        Assert.Contains("requires 'tools'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ParallelToolCallsNotBoolean_InvalidType()
    {
        ReadError(WithTools(",\"parallel_tool_calls\":\"no\""), "parallel_tool_calls", "invalid_type");
    }

    [Theory]
    [InlineData("functions", """[{"name":"f","parameters":{}}]""", "'tools'")]
    [InlineData("function_call", "\"auto\"", "'tool_choice'")]
    public void Read_LegacyFunctions_RefusedWithTheReplacement(string name, string value, string replacement)
    {
        var error = ReadError(Body(extra: $",\"{name}\":{value}"), name, "unsupported_parameter");

        Assert.Contains(replacement, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AssistantToolCallsAndToolResults_BecomeNeutralMessages()
    {
        const string Messages = """
            [{"role":"user","content":"Weather in Paris and Rome?"},
             {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_b","function":{"name":"get_weather","arguments":" {\"city\": \"Rome\"} "}}]},
             {"role":"tool","tool_call_id":"call_a","content":"Sunny"},
             {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"Rain"},{"type":"text","text":"12 °C"}]}]
            """;

        var messages = ReadValid(Body(Messages)).Messages;

        Assert.Equal(4, messages.Count);
        Assert.Empty(messages[1].Parts);
        Assert.Equal(
            [new ToolCall("call_a", "get_weather", """{"city":"Paris"}"""), new ToolCall("call_b", "get_weather", """ {"city": "Rome"} """)],
            messages[1].ToolCalls);
        Assert.Equal(ConversationMessage.ToolRole, messages[2].Role);
        Assert.Equal("call_a", messages[2].ToolCallId);
        Assert.Equal("Sunny", Assert.Single(messages[2].Parts).Text);
        Assert.Equal("call_b", messages[3].ToolCallId);
        Assert.Equal(["Rain", "12 °C"], messages[3].Parts.Select(p => p.Text));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public void Read_BlankArguments_AreAnEmptyObject(string arguments)
    {
        var messages = $$$"""[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{{{arguments}}}}}]}]""";

        Assert.Equal("{}", ReadValid(Body(messages)).Messages[1].ToolCalls[0].ArgumentsJson);
    }

    [Theory]
    [InlineData("""{"role":"tool","content":"r"}""", "messages[1].tool_call_id", "missing_required_parameter")]
    [InlineData("""{"role":"tool","tool_call_id":"","content":"r"}""", "messages[1].tool_call_id", "missing_required_parameter")]
    [InlineData("""{"role":"tool","tool_call_id":5,"content":"r"}""", "messages[1].tool_call_id", "invalid_type")]
    [InlineData("""{"role":"tool","tool_call_id":"c"}""", "messages[1].content", "missing_required_parameter")]
    [InlineData("""{"role":"tool","tool_call_id":"c","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}""", "messages[1].content[0].type", "invalid_value")]
    [InlineData("""{"role":"assistant","tool_calls":{}}""", "messages[1].tool_calls", "invalid_type")]
    [InlineData("""{"role":"assistant","tool_calls":[1]}""", "messages[1].tool_calls[0]", "invalid_type")]
    [InlineData("""{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}""", "messages[1].tool_calls[0].id", "missing_required_parameter")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"custom","function":{"name":"f","arguments":"{}"}}]}""", "messages[1].tool_calls[0].type", "invalid_value")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function"}]}""", "messages[1].tool_calls[0].function", "missing_required_parameter")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}""", "messages[1].tool_calls[0].function.name", "missing_required_parameter")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f"}}]}""", "messages[1].tool_calls[0].function.arguments", "missing_required_parameter")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{"a":1}}}]}""", "messages[1].tool_calls[0].function.arguments", "invalid_type")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}""", "messages[1].tool_calls[0].function.arguments", "invalid_value")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}""", "messages[1].tool_calls[0].function.arguments", "invalid_value")]
    public void Read_BadToolMessage_ErrorNamesThePlace(string message, string param, string code)
    {
        ReadError(Body($$"""[{"role":"user","content":"q"},{{message}}]"""), param, code);
    }
}

/// <summary>
/// A valid tool request with one of its tool places replaced by hostile JSON: the readers answer with a
/// request or a 400 naming a parameter, never an exception. Seeded (<see cref="Grok2Api.Tests.Common.HostileInput.SeedVariable"/> replays).
/// </summary>
public sealed class ChatRequestReaderToolsPropertyTests
{
    private const string Valid = """
        {"model":"grok-4",
         "tools":[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object"}}},{"type":"function","function":{"name":"get_time"}}],
         "tool_choice":{"type":"function","function":{"name":"get_time"}},
         "parallel_tool_calls":true,
         "messages":[{"role":"user","content":"q"},
           {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
           {"role":"tool","tool_call_id":"c1","content":"r"}]}
        """;

    private static readonly string[] Places =
    [
        "tools", "tools[0]", "tools[0].type", "tools[0].function", "tools[0].function.name", "tools[0].function.description",
        "tools[0].function.parameters", "tool_choice", "tool_choice.type", "tool_choice.function", "tool_choice.function.name",
        "parallel_tool_calls", "messages[1].tool_calls", "messages[1].tool_calls[0]", "messages[1].tool_calls[0].id",
        "messages[1].tool_calls[0].type", "messages[1].tool_calls[0].function", "messages[1].tool_calls[0].function.name",
        "messages[1].tool_calls[0].function.arguments", "messages[2].tool_call_id", "messages[2].content", "messages[2].role",
        "functions", "function_call",
    ];

    [Fact]
    public void Read_HostileValueAtAToolPlace_RequestOrA400NamingAParameter()
    {
        var gen = Gen.Select(Gen.OneOf(Places), Grok2Api.Tests.Common.HostileInput.JsonValue(2));
        gen.Sample(
            pair =>
            {
                var body = Replace(pair.Item1, pair.Item2);
                if (ChatSurfaceReader.TryRead(System.Text.Encoding.UTF8.GetBytes(body), out var request, out var status, out var error))
                {
                    Assert.True(request.Prompt.HasText);
                    if (request.Conversation.Tools is { Described: true } tools)
                    {
                        using var filter = new ToolCallFilter(new Grok2Api.Transforms.Tests.Conversations.RecordingAnswerWriter(), tools);
                    }
                }
                else
                {
                    Assert.Equal(400, status);
                    Assert.False(string.IsNullOrWhiteSpace(error.Error.Code));
                    Assert.True(error.Error.Code == ChatRequestErrorCodes.InvalidJson || !string.IsNullOrWhiteSpace(error.Error.Param), error.Error.Message);
                }
            },
            seed: Grok2Api.Tests.Common.HostileInput.Seed,
            iter: 3000,
            print: pair => $"{pair.Item1} = {pair.Item2}");
    }

    private static string Replace(string place, string value)
    {
        // A placeholder goes in through the node, the hostile text replaces it raw (it may not be valid JSON at all).
        const string Placeholder = "@@HOSTILE@@";
        var root = System.Text.Json.Nodes.JsonNode.Parse(Valid)!;
        System.Text.Json.Nodes.JsonNode replacement = Placeholder;
        var node = root;
        var steps = place.Split('.');
        for (var i = 0; i < steps.Length; i++)
        {
            var (name, index) = Step(steps[i]);
            var last = i == steps.Length - 1;
            if (index is null)
            {
                if (last)
                {
                    node[name] = replacement;
                }
                else
                {
                    node = node[name]!;
                }
            }
            else if (last)
            {
                node[name]![index.Value] = replacement;
            }
            else
            {
                node = node[name]![index.Value]!;
            }
        }

        return root.ToJsonString().Replace($"\"{Placeholder}\"", value, StringComparison.Ordinal);
    }

    private static (string Name, int? Index) Step(string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? (step, null) : (step[..bracket], int.Parse(step[(bracket + 1)..^1], CultureInfo.InvariantCulture));
    }
}
