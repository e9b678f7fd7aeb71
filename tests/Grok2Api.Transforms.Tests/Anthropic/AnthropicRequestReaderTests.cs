using System.Text;
using Grok2Api.Transforms.Anthropic;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Chat;

namespace Grok2Api.Transforms.Tests.Anthropic;

public sealed class AnthropicRequestReaderTests
{
    [Fact]
    public void FullRequest_BecomesTheNeutralConversation()
    {
        var request = Read("""
            {
              "model": "claude-sonnet-4-5", "max_tokens": 2048, "stream": true,
              "system": [{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
              "temperature": 0.5, "top_p": 0.9, "top_k": 40, "metadata": {"user_id": "u1"},
              "stop_sequences": ["END"],
              "thinking": {"type": "enabled", "budget_tokens": 1024},
              "tools": [{"name":"get_weather","description":"Weather.","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
              "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
              "messages": [
                {"role":"user","content":"Weather in Paris?"},
                {"role":"assistant","content":[
                  {"type":"thinking","thinking":"hmm","signature":"sig"},
                  {"type":"text","text":"Checking."},
                  {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city": "Paris"}}]},
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18 C"}],"is_error":true},
                  {"type":"text","text":"Thanks!"}]}
              ]
            }
            """);

        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal(2048, request.MaxTokens);
        Assert.True(request.Stream);
        Assert.True(request.Thinking);
        Assert.Equal(["END"], request.StopSequences);
        var conversation = request.Conversation;
        Assert.Equal(new GenerationOptions(0.5, 0.9, null), conversation.Options);
        Assert.Equal(["system", "user", "assistant", "tool", "user"], conversation.Messages.Select(m => m.Role));
        Assert.Equal("Be brief.", conversation.Messages[0].Parts[0].Text);
        var assistant = conversation.Messages[2];
        Assert.Equal("Checking.", Assert.Single(assistant.Parts).Text);
        var call = Assert.Single(assistant.ToolCalls);
        Assert.Equal(new ToolCall("toolu_1", "get_weather", """{"city": "Paris"}"""), call);
        var result = conversation.Messages[3];
        Assert.Equal("toolu_1", result.ToolCallId);
        Assert.Equal("get_weather", result.ToolName);
        Assert.True(result.IsError);
        Assert.Equal("18 C", Assert.Single(result.Parts).Text);
        Assert.Equal("Thanks!", conversation.Messages[4].Parts[0].Text);
        var tools = conversation.Tools!;
        Assert.Equal(ToolChoiceMode.Required, tools.Choice);
        Assert.False(tools.Parallel);
        var tool = Assert.Single(tools.Tools);
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("Weather.", tool.Description);
        Assert.Contains("\"city\"", tool.ParametersJson, StringComparison.Ordinal);

        var prompt = GrokPromptBuilder.Build(conversation).Message;
        Assert.Contains("<tool_result name=\"get_weather\" call_id=\"toolu_1\" error=\"true\">\n18 C\n</tool_result>", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("hmm", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ThinkingAbsentOrDisabled_HidesReasoning_EffortNone()
    {
        var absent = Read("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""");
        var disabled = Read("""{"model":"m","max_tokens":5,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.All(new[] { absent, disabled }, r =>
        {
            Assert.False(r.Thinking);
            Assert.Equal("none", r.Conversation.Options.ReasoningEffort);
            Assert.False(r.Stream);
            Assert.Null(r.Conversation.Tools);
        });
    }

    [Fact]
    public void Media_Base64AndUrlSources_BecomeDataUrisAndUrls_DocumentsTextBecomesText()
    {
        var request = Read("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"document","title":"report.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQ="}},
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain document"}},
              {"type":"text","text":"describe"}]}]}
            """);

        var parts = Assert.Single(request.Conversation.Messages).Parts;
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", parts[0].Media);
        Assert.Equal(ConversationPartKind.Image, parts[0].Kind);
        Assert.Equal("https://example.com/cat.jpg", parts[1].Media);
        Assert.Equal(ConversationPartKind.File, parts[2].Kind);
        Assert.Equal("data:application/pdf;base64,JVBERi0xLjQ=", parts[2].Media);
        Assert.Equal("report.pdf", parts[2].FileName);
        Assert.Equal("plain document", parts[3].Text);
        Assert.Equal("describe", parts[4].Text);
    }

    [Fact]
    public void ToolChoice_ToolAndNone_AndCountTokensWithoutMaxTokens()
    {
        const string Tools = "\"tools\":[{\"name\":\"a\",\"input_schema\":{}},{\"name\":\"b-2\",\"input_schema\":{}}]";
        var named = Read($$"""{"model":"m","max_tokens":5,{{Tools}},"tool_choice":{"type":"tool","name":"b-2"},"messages":[{"role":"user","content":"hi"}]}""");
        var none = Read($$"""{"model":"m","max_tokens":5,{{Tools}},"tool_choice":{"type":"none"},"messages":[{"role":"user","content":"hi"}]}""");
        var counted = Read("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"ignored"}""", countTokens: true);

        Assert.Equal(ToolChoiceMode.Function, named.Conversation.Tools!.Choice);
        Assert.Equal("b-2", named.Conversation.Tools.Required);
        Assert.True(named.Conversation.Tools.Parallel);
        Assert.False(none.Conversation.Tools!.Described);
        Assert.Null(counted.MaxTokens);
    }

    [Theory]
    [InlineData("""[]""", "JSON object")]
    [InlineData("""{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", "model: Field required")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Input should be greater than or equal to 1")]
    [InlineData("""{"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"tool","content":"hi"}]}""", "messages.0.role")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":5}]}""", "messages.0.content")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_use","id":"x","name":"f","input":{}}]}]}""", "messages.0.content.0.type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"x","name":"f","input":"{}"}]}]}""", "messages.0.content.0.input")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"not base64!"}}]}]}""", "messages.0.content.0.source.data")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"ftp://x/y"}}]}]}""", "messages.0.content.0.source.url")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}""", "Files API")]
    [InlineData("""{"model":"m","max_tokens":5,"temperature":1.2,"messages":[{"role":"user","content":"hi"}]}""", "temperature")]
    [InlineData("""{"model":"m","max_tokens":5,"stop_sequences":[" "],"messages":[{"role":"user","content":"hi"}]}""", "stop_sequences.0")]
    [InlineData("""{"model":"m","max_tokens":5000,"thinking":{"type":"enabled","budget_tokens":512},"messages":[{"role":"user","content":"hi"}]}""", "budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":2000},"messages":[{"role":"user","content":"hi"}]}""", "greater than `thinking.budget_tokens`")]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"type":"bash_20250124","name":"bash"}],"messages":[{"role":"user","content":"hi"}]}""", "tools.0.type")]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"hi"}]}""", "tools.0.input_schema")]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"name":"f","input_schema":{}},{"name":"f","input_schema":{}}],"messages":[{"role":"user","content":"hi"}]}""", "tools.1.name")]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"name":"f","input_schema":{}}],"tool_choice":{"type":"tool","name":"g"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":5,"tool_choice":{"type":"any"},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"\ud800"}]}""", "UTF")]
    public void Invalid_Is400InvalidRequestError_NamingTheField(string json, string expected)
    {
        Assert.False(AnthropicRequestReader.TryRead(Encoding.UTF8.GetBytes(json), countTokens: false, out var request, out var error));
        Assert.Null(request);
        Assert.Equal(AnthropicErrorTypes.InvalidRequest, error.Type);
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static AnthropicRequest Read(string json, bool countTokens = false)
    {
        Assert.True(AnthropicRequestReader.TryRead(Encoding.UTF8.GetBytes(json), countTokens, out var request, out var error), error?.Message);
        return request;
    }
}
