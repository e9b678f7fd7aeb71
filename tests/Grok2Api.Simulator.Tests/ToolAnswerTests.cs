using Grok2Api.Simulator.Chat;

namespace Grok2Api.Simulator.Tests;

/// <summary>The simulator's default answers to prompts that describe tools (the gateway's tool-call protocol).</summary>
public sealed class ToolAnswerTests
{
    private const string Tools =
        "system: You can call tools that the user's application runs for you. The tools, one JSON object per line (name, description, JSON-schema parameters):\n" +
        "{\"name\":\"get_weather\",\"description\":\"Weather of a city\",\"parameters\":{\"type\":\"object\"}}\n" +
        "{\"name\":\"get_time\",\"parameters\":{}}\n" +
        "\nTo call a tool, write a block exactly like this, on lines of its own:\n" +
        "<tool_call>{\"name\":\"TOOL_NAME\",\"arguments\":{...}}</tool_call>\n" +
        "The arguments are a JSON object that follows the tool's parameters. @PARALLEL@Do not put the blocks in a code fence. The results come back in <tool_result> blocks.\n" +
        "@CHOICE@";

    private static string Prompt(string user, string choice = "Call a tool when it helps you answer; otherwise answer in plain text.", bool parallel = true) =>
        Tools.Replace("@PARALLEL@", parallel ? "Write one block per call. " : "Call at most one tool per reply. ", StringComparison.Ordinal).Replace("@CHOICE@", choice, StringComparison.Ordinal) + "\n\n" + user;

    [Fact]
    public void A_named_tool_is_called_with_the_json_object_after_its_name()
    {
        var answer = ToolAnswers.Answer(Prompt("Use get_weather with {\"city\":\"Paris\"} please"));
        Assert.Equal("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}</tool_call>", answer);
    }

    [Fact]
    public void Two_named_tools_are_called_in_parallel_unless_the_prompt_forbids_it()
    {
        var both = ToolAnswers.Answer(Prompt("get_time and then get_weather {\"city\":\"Oslo\"}"));
        Assert.Equal(
            "<tool_call>{\"name\":\"get_time\",\"arguments\":{}}</tool_call>\n<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}</tool_call>",
            both);
        var one = ToolAnswers.Answer(Prompt("get_time and then get_weather", parallel: false));
        Assert.Equal("<tool_call>{\"name\":\"get_time\",\"arguments\":{}}</tool_call>", one);
    }

    [Fact]
    public void Without_a_named_tool_auto_answers_in_text_and_required_calls_the_first()
    {
        Assert.Null(ToolAnswers.Answer(Prompt("Hello there")));
        Assert.Equal(
            "<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>",
            ToolAnswers.Answer(Prompt("Hello there", "In this reply you must call at least one tool.")));
        Assert.Equal(
            "<tool_call>{\"name\":\"get_time\",\"arguments\":{}}</tool_call>",
            ToolAnswers.Answer(Prompt("Use get_weather", "In this reply you must call the tool \"get_time\".")));
    }

    [Fact]
    public void A_tool_result_is_answered_from_its_text_verbatim()
    {
        var prompt = Prompt("Weather in Paris?") + "\n\nassistant: <tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>\n\n" +
            "tool: <tool_result name=\"get_weather\" call_id=\"call_1\">\n18 °C, \"sunny\" <b>&amp;</b>\n</tool_result>";
        Assert.Equal("The tool get_weather returned: 18 °C, \"sunny\" <b>&amp;</b>", ToolAnswers.Answer(prompt));
    }

    [Fact]
    public void A_prompt_without_tools_gets_no_tool_answer()
    {
        Assert.Null(ToolAnswers.Answer("What is get_weather?"));
    }
}
