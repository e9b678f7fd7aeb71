using System.Text;
using System.Text.Json;

namespace Grok2Api.Simulator.Chat;

/// <summary>
/// How an unscripted chat answers a prompt that describes tools (the gateway's tool-call protocol,
/// docs/tool-calling.md), so tests drive real calls and results without a script:
/// <list type="bullet">
/// <item>a prompt holding a <c>&lt;tool_result&gt;</c> block is answered in text from the last result:
/// <c>The tool NAME returned: TEXT</c>;</item>
/// <item>otherwise, a prompt that describes tools calls one: the tool the prompt requires, else the first
/// offered tool whose name appears in the user's text, else (when a call is required) the first tool.
/// The arguments are the first JSON object written after the tool's name in the user's text, or <c>{}</c>.
/// A prompt that names two offered tools and allows parallel calls gets one block per named tool;</item>
/// <item>anything else gets the default answer.</item>
/// </list>
/// </summary>
public static class ToolAnswers
{
    private const string ToolsIntro = "You can call tools that the user's application runs for you.";
    private const string HowToCall = "\nTo call a tool, write a block";

    /// <summary>The answer to <paramref name="message"/>, or null when it has nothing to do with tools.</summary>
    /// <param name="message">The Grok message the gateway sent.</param>
    public static string? Answer(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = LastResultBlock(message);
        if (result >= 0)
        {
            return FromResult(message, result);
        }

        var intro = message.IndexOf(ToolsIntro, StringComparison.Ordinal);
        var how = intro < 0 ? -1 : message.IndexOf(HowToCall, intro, StringComparison.Ordinal);
        if (how < 0)
        {
            return null;
        }

        var tools = ToolNames(message[intro..how]);
        var rules = message[how..];
        var rulesEnd = rules.IndexOf("\n\n", StringComparison.Ordinal);
        var userText = rulesEnd < 0 ? string.Empty : rules[(rulesEnd + 2)..];
        rules = rulesEnd < 0 ? rules : rules[..rulesEnd];
        var parallel = !rules.Contains("Call at most one tool per reply.", StringComparison.Ordinal);
        var chosen = new List<string>();
        if (Between(rules, "you must call the tool \"", "\"") is { } required)
        {
            chosen.Add(required);
        }
        else
        {
            foreach (var name in tools.OrderBy(n => IndexOfWord(userText, n)))
            {
                if (IndexOfWord(userText, name) < int.MaxValue)
                {
                    chosen.Add(name);
                }
            }

            if (chosen.Count == 0 && rules.Contains("you must call at least one tool", StringComparison.Ordinal) && tools.Count > 0)
            {
                chosen.Add(tools[0]);
            }
        }

        if (chosen.Count == 0)
        {
            return null;
        }

        var answer = new StringBuilder();
        foreach (var name in parallel ? chosen : chosen.Take(1))
        {
            answer.Append("<tool_call>{\"name\":").Append(JsonSerializer.Serialize(name))
                .Append(",\"arguments\":").Append(ArgumentsFor(userText, name, tools)).Append("}</tool_call>\n");
        }

        return answer.ToString().TrimEnd('\n');
    }

    // The last real result block: "<tool_result" then attributes or ">" and a newline (the tools
    // description itself mentions "<tool_result> blocks", which is not one).
    private static int LastResultBlock(string message)
    {
        var at = message.Length;
        while (at > 0 && (at = message.LastIndexOf("<tool_result", at - 1, StringComparison.Ordinal)) >= 0)
        {
            var next = at + "<tool_result".Length;
            var rest = message.AsSpan(next);
            if (rest.StartsWith(" name=") || rest.StartsWith(" call_id=") || rest.StartsWith(" error=") || rest.StartsWith(">\n"))
            {
                return at;
            }
        }

        return -1;
    }

    private static string FromResult(string message, int start)
    {
        var head = message.IndexOf('>', start);
        var end = message.IndexOf("\n</tool_result>", start, StringComparison.Ordinal);
        if (head < 0 || end < head)
        {
            return "The tool result could not be read.";
        }

        var name = Between(message[start..head], "name=\"", "\"") ?? "unknown";
        var text = message[(head + 2)..end];
        return $"The tool {name} returned: {text}";
    }

    private static List<string> ToolNames(string section)
    {
        var names = new List<string>();
        foreach (var line in section.Split('\n'))
        {
            if (!line.StartsWith("{\"name\":", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("name", out var name) && name.GetString() is { } value)
                {
                    names.Add(value);
                }
            }
            catch (JsonException)
            {
                // Not a tool line.
            }
        }

        return names;
    }

    private static int IndexOfWord(string text, string word)
    {
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !IsNameChar(text[at - 1]);
            var after = at + word.Length >= text.Length || !IsNameChar(text[at + word.Length]);
            if (before && after)
            {
                return at;
            }

            at += word.Length;
        }

        return int.MaxValue;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    // The first JSON object after the tool's name in the user's text (before another tool's name), as written; {} when there is none.
    private static string ArgumentsFor(string userText, string name, List<string> tools)
    {
        var at = IndexOfWord(userText, name);
        if (at == int.MaxValue)
        {
            return "{}";
        }

        var end = tools.Select(t => IndexOfWord(userText[(at + name.Length)..], t)).Where(i => i < int.MaxValue).Select(i => i + at + name.Length).DefaultIfEmpty(userText.Length).Min();
        var brace = userText.IndexOf('{', at);
        while (brace >= 0 && brace < end)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(userText[brace..]), new JsonReaderOptions { AllowMultipleValues = true });
            try
            {
                if (JsonDocument.TryParseValue(ref reader, out var document))
                {
                    using (document)
                    {
                        if (document.RootElement.ValueKind == JsonValueKind.Object)
                        {
                            return document.RootElement.GetRawText();
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON here; try the next brace.
            }

            brace = userText.IndexOf('{', brace + 1);
        }

        return "{}";
    }

    private static string? Between(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += open.Length;
        var end = text.IndexOf(close, start, StringComparison.Ordinal);
        return end < 0 ? null : text[start..end];
    }
}
