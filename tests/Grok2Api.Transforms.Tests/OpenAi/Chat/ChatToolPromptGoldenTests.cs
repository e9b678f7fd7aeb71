using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>
/// The exact Grok message of chat requests with tools, compared byte for byte with
/// Golden/prompts/*.txt (the prompt plus one final newline). The requests go through the chat
/// surface's reader, as a real request does. GROK2API_UPDATE_GOLDEN=1 rewrites the files in the
/// source tree instead; a mismatch prints the first differing line of both.
/// </summary>
public sealed class ChatToolPromptGoldenTests
{
    private const string UpdateVariable = "GROK2API_UPDATE_GOLDEN";

    private const string Weather = """{"type":"function","function":{"name":"get_weather","description":"Current weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name, e.g. \"Paris\""},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}}""";
    private const string Time = """{"type":"function","function":{"name":"get_time","description":"Local time in a time zone","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}""";
    private const string Ask = """[{"role":"user","content":"What's the weather and the time in Paris?"}]""";

    // The characters a careless encoder would escape: quotes, backslashes, <, >, &, non-ASCII, newlines, tabs.
    private const string Tricky = "She said \"hi\" \\ path C:\\temp\\new <b>&amp; a < b && c > d</b> café 東京 😀\nline 2\ttabbed\n\n{\"json\":\"inside\"}";

    private static readonly string GoldenDirectory = Path.Combine(AppContext.BaseDirectory, "Golden", "prompts");

    public static TheoryData<string> Cases() => new(Requests.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, string> Requests = new(StringComparer.Ordinal)
    {
        // (a) tools with the default (auto) choice.
        ["tools-auto"] = Request(Ask, $",\"tools\":[{Weather},{Time}],\"tool_choice\":\"auto\""),

        // (b) a call is required.
        ["tools-required"] = Request(Ask, $",\"tools\":[{Weather},{Time}],\"tool_choice\":\"required\""),

        // (c) one named function must be called.
        ["tools-named"] = Request(Ask, $",\"tools\":[{Weather},{Time}],\"tool_choice\":{{\"type\":\"function\",\"function\":{{\"name\":\"get_time\"}}}}"),

        // (d) at most one call per reply.
        ["tools-parallel-false"] = Request(Ask, $",\"tools\":[{Weather},{Time}],\"parallel_tool_calls\":false"),

        // (e) a full round trip: user, assistant with two calls, both results, then the prompt.
        ["tools-round-trip"] = Request(
            """
            [{"role":"system","content":"You are a travel assistant."},
             {"role":"user","content":"Weather in Paris and Rome?"},
             {"role":"assistant","content":"Let me check both cities.","tool_calls":[
                {"id":"call_Paris01","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_Rome02","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\",\"unit\":\"celsius\"}"}}]},
             {"role":"tool","tool_call_id":"call_Paris01","content":"Sunny, 21 °C"},
             {"role":"tool","tool_call_id":"call_Rome02","content":[{"type":"text","text":"Rain"},{"type":"text","text":"14 °C"}]}]
            """,
            $",\"tools\":[{Weather},{Time}]"),

        // (f) tool-result and user text that must reach the prompt verbatim.
        ["tools-verbatim-text"] = Request(
            $$$"""
            [{"role":"user","content":{{{JsonString(Tricky)}}}},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_T","type":"function","function":{"name":"get_time","arguments":"{\"zone\":\"Europe/Paris\"}"}}]},
             {"role":"tool","tool_call_id":"call_T","content":{{{JsonString(Tricky)}}}}]
            """,
            $",\"tools\":[{Weather},{Time}]"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prompt_MatchesGolden(string name)
    {
        var actual = Prompt(Requests[name]) + "\n";

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(Path.Combine(SourceGoldenDirectory(), name + ".txt"), actual, new UTF8Encoding(false));
            return;
        }

        var path = Path.Combine(GoldenDirectory, name + ".txt");
        Assert.True(File.Exists(path), $"Golden/prompts/{name}.txt is missing; run the tests with {UpdateVariable}=1 to write it.");
        var expected = File.ReadAllBytes(path);
        var actualBytes = Encoding.UTF8.GetBytes(actual);
        if (!expected.AsSpan().SequenceEqual(actualBytes))
        {
            Assert.Fail($"The prompt of '{name}' differs from Golden/prompts/{name}.txt:\n{Diff(Encoding.UTF8.GetString(expected), actual)}");
        }
    }

    [Fact]
    public void Prompt_TrickyTextOfUserAndToolResult_ArrivesVerbatimTwice()
    {
        var prompt = Prompt(Requests["tools-verbatim-text"]);

        var first = prompt.IndexOf(Tricky, StringComparison.Ordinal);
        Assert.True(first >= 0, "the user text is not in the prompt verbatim");
        Assert.True(prompt.IndexOf(Tricky, first + Tricky.Length, StringComparison.Ordinal) > first, "the tool result is not in the prompt verbatim");
        Assert.DoesNotContain("\\u0026", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", prompt, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&amp;amp;", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_RoundTrip_ResultsNameTheirToolAndCall()
    {
        var prompt = Prompt(Requests["tools-round-trip"]);

        Assert.Contains("<tool_result name=\"get_weather\" call_id=\"call_Paris01\">\nSunny, 21 °C\n</tool_result>", prompt, StringComparison.Ordinal);
        Assert.Contains("<tool_result name=\"get_weather\" call_id=\"call_Rome02\">\nRain\n14 °C\n</tool_result>", prompt, StringComparison.Ordinal);
        Assert.Contains("<tool_call>{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\",\"unit\":\"celsius\"}}</tool_call>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_ToolChoiceNone_ToolsAreNotDescribed()
    {
        var none = Prompt(Request(Ask, $",\"tools\":[{Weather},{Time}],\"tool_choice\":\"none\""));

        Assert.Equal(Prompt(Request(Ask, string.Empty)), none);
        Assert.DoesNotContain("get_weather", none, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_WithoutTools_Unchanged()
    {
        Assert.Equal("What's the weather and the time in Paris?", Prompt(Request(Ask, string.Empty)));
    }

    private static string Request(string messages, string extra) => $$"""{"model":"grok-4","messages":{{messages}}{{extra}}}""";

    private static string Prompt(string body)
    {
        var ok = ChatSurfaceReader.TryRead(Encoding.UTF8.GetBytes(body), out var read, out _, out var error);
        Assert.True(ok, error?.Error.Message);
        return read!.Prompt.Message;
    }

    private static string JsonString(string text) => JsonSerializer.Serialize(text);

    // The first line that differs, with its neighbours, both sides shown with visible control characters.
    private static string Diff(string expected, string actual)
    {
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        var line = 0;
        while (line < want.Length && line < got.Length && string.Equals(want[line], got[line], StringComparison.Ordinal))
        {
            line++;
        }

        var text = new StringBuilder();
        for (var i = Math.Max(0, line - 2); i < line; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {i + 1,4}   {Visible(want[i])}\n");
        }

        for (var i = line; i < Math.Min(want.Length, line + 3); i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {i + 1,4}   {Visible(want[i])}\n");
        }

        for (var i = line; i < Math.Min(got.Length, line + 3); i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"+ {i + 1,4}   {Visible(got[i])}\n");
        }

        return text.Append(CultureInfo.InvariantCulture, $"(expected {want.Length} lines, got {got.Length})").ToString();
    }

    private static string Visible(string line) => line.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "Golden", "prompts"));
}
