using System.Text;
using CsCheck;

namespace Grok2Api.Tests.Common;

/// <summary>
/// Generators of hostile input for randomized tests: JSON of the right and the wrong shape, values of
/// every type where another is expected, deep nesting, lone surrogates, invalid UTF-8, truncated and
/// random bytes, and TOML text mutated from a valid config. Every generator shrinks (CsCheck), and a
/// failing case is reported with the seed that replays it.
/// </summary>
public static class HostileInput
{
    /// <summary>Environment variable that fixes the seed of every randomized test (the seed a failure printed).</summary>
    public const string SeedVariable = "GROK2API_FUZZ_SEED";

    private static readonly string[] Keys =
    [
        "model", "messages", "role", "content", "type", "text", "image_url", "url", "input_audio", "data", "file",
        "file_data", "filename", "stream", "stream_options", "include_usage", "temperature", "top_p",
        "reasoning_effort", "image_config", "video_config", "pool", "tokens", "note", "ids", "quota", "status",
        "tags", "app_key", "n", "tools", "", "\\u0000", "__proto__", "\\ud800", "a\\udc00", "mod\\ud83del",
    ];

    // Raw JSON string literals (already escaped), including escapes that do not decode.
    private static readonly string[] Strings =
    [
        "\"grok-4\"", "\"grok-4.1-fast\"", "\"grok-imagine-1.0\"", "\"user\"", "\"assistant\"", "\"system\"",
        "\"developer\"", "\"tool\"", "\"text\"", "\"image_url\"", "\"input_audio\"", "\"file\"",
        "\"data:image/png;base64,iVBORw0KGgo=\"", "\"data:;base64,\"", "\"data:image/png;base64,@@@\"",
        "\"http://127.0.0.1:1/x.png\"", "\"http://[::ffff:0:127.0.0.1]/a\"", "\"http://169.254.169.254/latest\"",
        "\"file:///etc/passwd\"", "\"none\"", "\"high\"", "\"\"", "\"   \"", "\"\\ud800\"", "\"a\\udc00b\"",
        "\"\\u0000\"", "\"\\\"\"", "\"ssoBasic\"", "\"ssoSuper\"", "\"active\"", "\"disabled\"", "\"<script>\"",
        "\"../../etc/passwd\"", "\"%2e%2e%2f\"", "\"😀\"", "\"" + new string('x', 300) + "\"",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "2", "2.5", "1e400", "-1e400", "1e-400", "9223372036854775808", "3.4028235e39",
        "100000", "-100000",
    ];

    private static readonly string ValidChat =
        """{"model":"grok-4","messages":[{"role":"user","content":"Hello"}],"stream":false}""";

    /// <summary>A JSON value at most <paramref name="depth"/> levels deep, of any type.</summary>
    public static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.Frequency(
            (3, Gen.OneOf(Strings)),
            (2, Gen.OneOf(Numbers)),
            (1, Gen.OneOf("true", "false", "null")),
            (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (depth <= 0)
        {
            return scalar;
        }

        var inner = JsonValue(depth - 1);
        var array = inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Select(Gen.OneOf(Keys), inner, (key, value) => "\"" + key + "\":" + value);
        var obj = member.Array[0, 5].Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency((3, scalar), (2, array), (3, obj));
    }

    /// <summary>A chat body that is valid except for one field, whose value is replaced by any JSON value.</summary>
    public static Gen<string> MutatedChatBody { get; } =
        Gen.Select(Gen.OneOf("model", "messages", "stream", "stream_options", "temperature", "top_p", "reasoning_effort", "role", "content"), JsonValue(2))
            .Select((field, value) => field switch
            {
                "role" => "{\"model\":\"grok-4\",\"messages\":[{\"role\":" + value + ",\"content\":\"Hi\"}]}",
                "content" => "{\"model\":\"grok-4\",\"messages\":[{\"role\":\"user\",\"content\":" + value + "}]}",
                "messages" => "{\"model\":\"grok-4\",\"messages\":" + value + "}",
                "model" => "{\"model\":" + value + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                _ => "{\"model\":\"grok-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"" + field + "\":" + value + "}",
            });

    /// <summary>Request bodies: JSON of any shape, mutated chat bodies, deep nesting, invalid UTF-8, truncated and random bytes, or none.</summary>
    public static Gen<byte[]> Body { get; } = Gen.Frequency(
        (4, JsonValue(4).Select(Utf8)),
        (4, MutatedChatBody.Select(Utf8)),
        (1, Gen.Int[1, 200_000].Select(depth => Utf8(new string('[', depth) + new string(']', depth % 3 == 0 ? depth : 0)))),
        (1, Gen.Int[1, 20_000].Select(depth => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1"))),
        (1, Gen.Byte.Array[0, 300]),
        (1, Gen.OneOf<byte[]>([0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]).Select(InvalidUtf8InChat)),
        (1, Gen.Int[0, ValidChat.Length].Select(cut => Utf8(ValidChat[..cut]))),
        (1, Gen.Const(Array.Empty<byte>())));

    /// <summary>The text of a valid config file with one random edit: a value replaced, a line cut, bytes inserted.</summary>
    /// <param name="valid">A valid config file's text.</param>
    public static Gen<string> MutatedToml(string valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var lines = valid.Split('\n');
        var values = Gen.OneOf(
            "\"x\"", "[\"x\"]", "{ a = 1 }", "1979-05-27T07:32:00Z", "nan", "inf", "-1", "1e999", "true",
            "\"\\ud800\"", "\"unterminated", "[1, \"two\", 3.0]", "'''multi\nline'''", "0x7f", "");
        var junk = Gen.OneOf("=", "[", "]]", "[[app]]", "[app", "\"", "'''", "\\", "\u0000", "\ufeff", "# comment", "a.b.c = 1", "[app]\n[app]");
        var replaceValue = Gen.Select(Gen.Int[0, lines.Length - 1], values, (index, value) =>
        {
            var copy = (string[])lines.Clone();
            var eq = copy[index].IndexOf('=', StringComparison.Ordinal);
            copy[index] = eq > 0 ? copy[index][..(eq + 1)] + " " + value : copy[index] + value;
            return string.Join('\n', copy);
        });
        var insert = Gen.Select(Gen.Int[0, valid.Length], junk, (at, text) => valid[..at] + text + valid[at..]);
        var cut = Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 200], (at, length) => valid[..at] + valid[Math.Min(valid.Length, at + length)..]);
        var random = Gen.Char.Array[0, 400].Select(chars => new string(chars));
        return Gen.Frequency((4, replaceValue), (3, insert), (2, cut), (1, random));
    }

    /// <summary>Describes a body for a failure report: its length and its start, bytes that are not printable escaped.</summary>
    /// <param name="body">The body.</param>
    public static string Describe(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = new StringBuilder().Append(body.Length).Append(" bytes: ");
        foreach (var b in body.AsSpan(0, Math.Min(body.Length, 200)))
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }

    /// <summary>The seed to start from: the one in <see cref="SeedVariable"/>, or null for a fresh one (printed on failure).</summary>
    public static string? Seed => Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } seed ? seed : null;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] InvalidUtf8InChat(byte[] bad)
    {
        var head = Utf8("{\"model\":\"grok-4\",\"messages\":[{\"role\":\"user\",\"content\":\"a");
        var tail = Utf8("b\"}]}");
        return [.. head, .. bad, .. tail];
    }
}
