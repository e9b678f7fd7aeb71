using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Grok2Api.Configuration;

/// <summary>
/// Parses config.toml text into a normalized config tree. Tables become objects, arrays of tables
/// become arrays of objects, dates and times become their TOML text.
/// </summary>
internal static partial class TomlConfigReader
{
    private const int MaxReportedErrors = 5;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The TOML document.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <exception cref="ConfigFormatException">The text is not valid TOML; the message names the file, line, column and reason.</exception>
    public static JsonObject Parse(string text, string sourceName)
    {
        ParseSyntax(text, sourceName);
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = sourceName })
                ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            var where = ex.Line is { } line ? $", line {line}, column {ex.Column ?? 1}" : "";
            throw new ConfigFormatException($"{sourceName}{where}: {WithoutSecrets(WithoutFileText(FirstLine(ex.Message)), text)}");
        }

        return ToObject(table);
    }

    /// <summary>Parses the lossless syntax tree (comments and layout kept).</summary>
    /// <exception cref="ConfigFormatException">The text is not valid TOML.</exception>
    public static DocumentSyntax ParseSyntax(string text, string sourceName)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, sourceName, validate: true);
        }
        catch (ArgumentException)
        {
            // The parser fails while describing some invalid input (an escape of a surrogate code point,
            // "\ud800"): that is a syntax error of the file too, not a crash of the service.
            throw new ConfigFormatException($"{sourceName}: the text is not valid TOML (a \\u or \\U escape names a surrogate or an invalid code point)");
        }

        if (!document.HasErrors)
        {
            return document;
        }

        var errors = document.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error).ToList();
        var message = new StringBuilder(sourceName);
        for (var i = 0; i < errors.Count && i < MaxReportedErrors; i++)
        {
            var error = errors[i];
            message.Append(i == 0 ? ", " : "; ")
                .Append(CultureInfo.InvariantCulture, $"line {error.Span.Start.Line + 1}, column {error.Span.Start.Column + 1}: {WithoutSecrets(WithoutFileText(error.Message), text)}");
        }

        if (errors.Count > MaxReportedErrors)
        {
            message.Append(CultureInfo.InvariantCulture, $" (and {errors.Count - MaxReportedErrors} more errors)");
        }

        throw new ConfigFormatException(message.ToString());
    }

    /// <summary>The path of a key (<c>a."b.c".d</c> gives <c>a</c>, <c>b.c</c>, <c>d</c>).</summary>
    public static List<string> KeyPath(KeySyntax key)
    {
        var path = new List<string> { KeyName(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            path.Add(KeyName(dotted.Key));
        }

        return path;
    }

    private static string KeyName(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => throw new InvalidOperationException($"Unexpected key syntax {key?.GetType().Name}"),
    };

    private static JsonObject ToObject(TomlTable table)
    {
        var result = new JsonObject();
        foreach (var (key, value) in table)
        {
            result[key] = ToNode(value);
        }

        return result;
    }

    private static JsonNode ToNode(object? value) => value switch
    {
        TomlTable table => ToObject(table),
        TomlTableArray tables => new JsonArray([.. tables.Select(t => (JsonNode)ToObject(t))]),
        TomlArray array => new JsonArray([.. array.Select(ToNode)]),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        TomlDateTime date => JsonValue.Create(date.ToString()),
        _ => throw new InvalidOperationException($"Unexpected TOML value {value?.GetType().Name ?? "null"}"),
    };

    /// <summary>
    /// The parser's message without the file text it quotes (<c>Unexpected token found `-abc`</c>,
    /// <c>instead of "…"</c>): a
    /// syntax error on or near a secret's line would otherwise put pieces of the secret in the log.
    /// Quoted punctuation (<c>`=`</c>, <c>`]`</c>) is kept, it is what the operator needs to fix the line.
    /// </summary>
    internal static string WithoutFileText(string message) =>
        QuotedText().Replace(message, match =>
        {
            var quoted = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
            return quoted.Length <= 3 && quoted.All(c => char.IsPunctuation(c) || char.IsSymbol(c)) ? match.Value : "(text not shown)";
        });

    /// <summary>
    /// <paramref name="message"/> with every piece of a secret's value masked: the parser also echoes
    /// file text without quotes (<c>instead of …</c>). The values of secret keys and the user-info of
    /// URLs, as they stand on their lines of <paramref name="text"/>, are the pieces looked for.
    /// </summary>
    internal static string WithoutSecrets(string message, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            // A line whose '=' is missing ("api_key sk-…") still has its key first: the parser then
            // echoes the value as the token it did not expect.
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            int keyEnd, valueStart;
            if (eq > 0)
            {
                (keyEnd, valueStart) = (eq, eq + 1);
            }
            else
            {
                var indent = line.Length - line.TrimStart().Length;
                var gap = line.IndexOfAny([' ', '\t'], indent);
                if (gap <= indent)
                {
                    continue;
                }

                (keyEnd, valueStart) = (gap, gap);
            }

            var key = line[..keyEnd].Trim().Trim('"', '\'').Split('.')[^1];
            var value = line[valueStart..];
            var pieces = ConfigSecrets.IsSecretKey(key)
                ? SecretPiece().Matches(value).Select(m => m.Value)
                : UserInfo().Matches(value).SelectMany(m => m.Value.Split(':').Append(m.Value));
            foreach (var piece in pieces.Where(p => p.Length >= 3).OrderByDescending(p => p.Length))
            {
                message = message.Replace(piece, "(text not shown)", StringComparison.Ordinal);
            }
        }

        return message;
    }

    // A piece of a secret as the parser may echo it: a run of token characters.
    [GeneratedRegex(@"[\w\-.~+/:@%]+")]
    private static partial Regex SecretPiece();

    // The user-info (user:password before an @) in a value that is not itself a secret (a proxy URL).
    [GeneratedRegex(@"[\w\-.~+:%]+(?=@)")]
    private static partial Regex UserInfo();

    // The parser quotes file text in backticks, double quotes ("instead of \"…\"") or single quotes ("instead of '…'").
    [GeneratedRegex("`([^`]*)`|\"([^\"]*)\"|'([^']*)'")]
    private static partial Regex QuotedText();

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd('\r');
    }
}
