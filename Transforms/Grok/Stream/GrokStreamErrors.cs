using System.Text;

namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>Classifies in-stream errors and bounds their messages (docs/grok-protocol.md §6.3).</summary>
internal static class GrokStreamErrors
{
    /// <summary>The longest message handed to a client, in characters.</summary>
    public const int MaxMessageLength = 300;

    /// <summary>A top-level <c>{"error":{"code","message"}}</c>: code 7 is anti-bot, code 8 a limit (gRPC RESOURCE_EXHAUSTED).</summary>
    public static GrokStreamError TopLevel(int? code, string? message)
    {
        var kind = code == 7 || MentionsAntiBot(message) ? GrokStreamErrorKind.AntiBot
            : code == 8 || MentionsUsageLimit(message) ? GrokStreamErrorKind.UsageLimit
            : GrokStreamErrorKind.Upstream;
        return Create(kind, message);
    }

    /// <summary><c>result.response.error.message</c>.</summary>
    public static GrokStreamError Response(string? message) =>
        Create(MentionsUsageLimit(message) ? GrokStreamErrorKind.UsageLimit : GrokStreamErrorKind.Model, message);

    public static GrokStreamError Create(GrokStreamErrorKind kind, string? message) => new(kind, Sanitize(kind, message));

    private static bool MentionsAntiBot(string? message) =>
        message is not null && (message.Contains("anti-bot", StringComparison.OrdinalIgnoreCase)
            || message.Contains("anti bot", StringComparison.OrdinalIgnoreCase)
            || message.Contains("antibot", StringComparison.OrdinalIgnoreCase));

    private static bool MentionsUsageLimit(string? message) =>
        message is not null && (message.Contains("usage limit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too many requests", StringComparison.OrdinalIgnoreCase));

    private static string Sanitize(GrokStreamErrorKind kind, string? message)
    {
        var text = new StringBuilder("Upstream error (").Append(Name(kind)).Append(')');
        if (string.IsNullOrWhiteSpace(message))
        {
            return text.Append('.').ToString();
        }

        text.Append(": ");
        var lastWasSpace = true;
        foreach (var rune in message.EnumerateRunes())
        {
            if (text.Length >= MaxMessageLength - 1)
            {
                text.Append('…');
                break;
            }

            var isSpace = Rune.IsWhiteSpace(rune) || Rune.IsControl(rune);
            if (isSpace && lastWasSpace)
            {
                continue;
            }

            if (isSpace)
            {
                text.Append(' ');
            }
            else
            {
                text.Append(rune.ToString());
            }

            lastWasSpace = isSpace;
        }

        return text.ToString().TrimEnd();
    }

    private static string Name(GrokStreamErrorKind kind) => kind switch
    {
        GrokStreamErrorKind.AntiBot => "anti-bot",
        GrokStreamErrorKind.UsageLimit => "usage limit",
        GrokStreamErrorKind.Model => "model",
        GrokStreamErrorKind.Stream => "stream",
        _ => "upstream",
    };
}
